package dev.flasksession.demo;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HeaderValues;
import java.nio.charset.StandardCharsets;

/**
 * Answers 400 to a {@code Cookie} header holding control or non-ASCII bytes. Undertow's own cookie parser, which the
 * servlet layer runs before any application code, throws on them and the request would end in a 500; the session
 * library itself reads such headers as Werkzeug does. A client that sends them gets a clean refusal instead.
 */
final class CookieHeaderGuard implements HttpHandler {
    private static final byte[] BODY = "{\"status\":400,\"title\":\"Malformed Cookie header\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpHandler next;

    CookieHeaderGuard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        if (cookies != null) {
            for (String header : cookies) {
                if (!acceptable(header)) {
                    exchange.setStatusCode(400);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(BODY));
                    return;
                }
            }
        }
        next.handleRequest(exchange);
    }

    private static boolean acceptable(String header) {
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
