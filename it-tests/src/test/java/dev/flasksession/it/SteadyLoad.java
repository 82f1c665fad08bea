package dev.flasksession.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded steady load: a few client threads, each owning one session, looping {@code PUT /api/session/n} with a
 * counter and {@code GET /api/session} until stopped. Every answer is kept with its timing, so a test can judge what
 * happened inside a fault's time window. A request that does not answer within {@link #REQUEST_TIMEOUT} is recorded
 * as an error, so a hang fails the test instead of stalling it.
 */
final class SteadyLoad implements AutoCloseable {
    /** Far above any bound a test asserts: reaching it means the server hung. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern COUNTER = Pattern.compile("\"n\":(\\d+)");

    /**
     * One answer.
     *
     * @param worker     the thread that sent it
     * @param method     {@code PUT} or {@code GET}
     * @param startNanos {@link System#nanoTime()} when sent
     * @param endNanos   when answered or failed
     * @param status     the HTTP status, or -1 on an error
     * @param value      the counter written (PUT) or read back (GET, 200 only), else -1
     * @param problem    what was wrong beyond the status (no answer, someone else's session, ...), or null
     */
    record Sample(int worker, String method, long startNanos, long endNanos, int status, long value, String problem) {
        /** @return how long the answer took */
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        }

        /** @return whether it was sent at or after {@code from} and answered by {@code to} */
        boolean within(long from, long to) {
            return startNanos >= from && endNanos <= to;
        }

        @Override
        public String toString() {
            return "w" + worker + " " + method + " " + status + " in " + millis() + " ms" + (value >= 0 ? " n=" + value : "")
                    + (problem == null ? "" : " (" + problem + ")");
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Target target;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<String> cookies = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    private SteadyLoad(Target target) {
        this.target = target;
    }

    /**
     * Gives each worker a session holding {@code owner: "w<i>"} (Redis must be up), then starts the loops.
     *
     * @param target  the server
     * @param workers how many client threads
     * @return the running load
     */
    static SteadyLoad start(Target target, int workers) {
        SteadyLoad load = new SteadyLoad(target);
        for (int i = 0; i < workers; i++) {
            Http.Reply r = Http.send("PUT", target.url("/api/session/owner"), null, "\"w" + i + "\"");
            if (r.status() != 204) {
                throw new AssertionError("could not make worker " + i + "'s session: " + r.status() + " " + r.body());
            }
            load.cookies.add("session=" + r.cookie("session").orElseThrow());
        }
        for (int i = 0; i < workers; i++) {
            int worker = i;
            Thread t = new Thread(() -> load.loop(worker), "steady-load-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private void loop(int worker) {
        String cookie = cookies.get(worker);
        String session = cookie.substring("session=".length());
        for (long n = 1; !stopped; n++) {
            samples.add(send(worker, "PUT", "/api/session/n", cookie, Long.toString(n), session));
            samples.add(send(worker, "GET", "/api/session", cookie, null, session));
        }
    }

    private Sample send(int worker, String method, String path, String cookie, String body, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url(path))).timeout(REQUEST_TIMEOUT)
                .header("Cookie", cookie);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            return new Sample(worker, method, start, end, r.statusCode(), value(method, body, r), problem(worker, session, r));
        } catch (IOException e) {
            return new Sample(worker, method, start, System.nanoTime(), -1, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(worker, method, start, System.nanoTime(), -1, -1, "interrupted");
        }
    }

    private static long value(String method, String body, HttpResponse<String> r) {
        if (method.equals("PUT")) {
            return Long.parseLong(body);
        }
        Matcher m = COUNTER.matcher(r.body());
        return r.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A session that changed hands or was replaced by a fresh one is a fault as bad as a 500. */
    private static String problem(int worker, String session, HttpResponse<String> r) {
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("session="))
                .findFirst().orElse(null);
        if (setCookie != null && !setCookie.startsWith("session=" + session + ";")) {
            return "the session was replaced: " + setCookie.split(";", 2)[0].length() + "-character cookie";
        }
        if (r.statusCode() == 200 && !r.body().contains("\"owner\":\"w" + worker + "\"")) {
            return "not this worker's session: " + r.body();
        }
        if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
            return "503 without Retry-After";
        }
        return null;
    }

    /** @return every worker's {@code Cookie} header */
    List<String> cookies() {
        return cookies;
    }

    /** @return every answer so far */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * GETs that read a counter below one the same worker had seen acknowledged (a 204) before the GET was sent, and
     * before {@code ackedBy}: acknowledged writes that were lost.
     *
     * @param ackedBy only writes acknowledged before this {@link System#nanoTime()} count
     * @return the offending GETs, with what they should at least have read
     */
    List<String> lostAcknowledgedWrites(long ackedBy) {
        List<Sample> all = samples();
        List<String> lost = new ArrayList<>();
        for (Sample get : all) {
            if (!get.method().equals("GET") || get.status() != 200) {
                continue;
            }
            long limit = Math.min(get.startNanos(), ackedBy);
            long acked = all.stream().filter(s -> s.worker() == get.worker() && s.method().equals("PUT")
                    && s.status() == 204 && s.endNanos() <= limit).mapToLong(Sample::value).max().orElse(0);
            if (get.value() < acked) {
                lost.add(get + " after n=" + acked + " was acknowledged");
            }
        }
        return lost;
    }

    /** Stops the loops and waits for the requests in flight, which end by {@link #REQUEST_TIMEOUT} at the latest. */
    @Override
    public void close() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(REQUEST_TIMEOUT.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
