package dev.flasksession.benchmarks;

import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionRequest;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What one request costs the signed-cookie backend: open the cookie (verify, maybe inflate, decode), change one key,
 * save (encode, maybe deflate, sign, format {@code Set-Cookie}). Flask's counterpart, timed by
 * {@code bench/flask_codec.py}, is {@code loads} + change one key + {@code dumps}.
 */
public class CookieSessionBenchmark extends SizedBenchmark {
    private SecureCookieSessionInterface sessions;
    private SessionRequest request;

    /** Mints the cookie the benchmark opens, with the benchmark's own key. */
    @Setup
    public void setUp() {
        sessions = new SecureCookieSessionInterface(Sessions.config());
        String cookie = sessions.getSigningSerializer().orElseThrow().dumps(Sessions.named(size));
        request = name -> Optional.of(cookie);
    }

    /** @return the new cookie's header value */
    @Benchmark
    public String openChangeSave() {
        return Sessions.openChangeSave(sessions, request);
    }
}
