package dev.flasksession.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A small HTTP client that sends cookies by hand, so tests see exactly what goes over the wire. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /** A response, with helpers for the headers sessions write. */
    record Reply(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        List<String> setCookies() {
            return raw.headers().allValues("Set-Cookie");
        }

        Optional<String> vary() {
            List<String> all = raw.headers().allValues("Vary");
            return all.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", all));
        }

        /** @return the value of the cookie {@code name} this response sets, if it sets one */
        Optional<String> cookie(String name) {
            for (String header : setCookies()) {
                String first = header.split(";", 2)[0];
                if (first.startsWith(name + "=")) {
                    return Optional.of(first.substring(name.length() + 1));
                }
            }
            return Optional.empty();
        }
    }

    static Reply send(String method, String url, String cookieHeader, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (cookieHeader != null) {
            b.header("Cookie", cookieHeader);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Reply get(String url, String cookie) {
        return send("GET", url, cookie, null);
    }
}
