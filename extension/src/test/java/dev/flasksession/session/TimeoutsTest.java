package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Idle and absolute timeouts on the server's clock, with a clock the test moves. */
class TimeoutsTest {
    /** A clock the test sets. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();

    private SecureCookieSessionInterface backend(SessionConfig.Builder b) {
        return new SecureCookieSessionInterface(b.secretKey("timeouts-secret-0123").build(), clock);
    }

    /** Runs one request: opens the cookie, lets {@code use} act, saves; returns the new cookie header or the old. */
    private String request(SecureCookieSessionInterface backend, String cookie, java.util.function.Consumer<FlaskSession> use,
                           FlaskSession[] seen) {
        SessionCycle cycle = SessionCycle.of(backend, List.of());
        SessionRequest request = SessionRequest.fromCookieHeaders(cookie == null ? List.of() : List.of(cookie));
        FlaskSession s = cycle.open(request);
        use.accept(s);
        SecureCookieSaveTest.Recorded r = new SecureCookieSaveTest.Recorded();
        cycle.save(s, request, r);
        if (seen != null) {
            seen[0] = s;
        }
        if (r.cookies.isEmpty()) {
            return cookie;
        }
        String header = r.cookies.get(0);
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void withNoTimeoutNothingIsAdded() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder());
        String cookie = request(b, null, s -> s.put("a", 1), null);
        assertEquals("session=" + b.getSigningSerializer().orElseThrow().dumps(Map.of("a", 1)), cookie,
                "byte for byte what Flask writes");
    }

    @Test
    void theAbsoluteTimeoutIsNotExtendedByActivity() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().absoluteTimeout(Duration.ofSeconds(100)));
        String cookie = request(b, null, s -> s.put("user", "ann"), null);
        FlaskSession[] seen = new FlaskSession[1];
        for (int i = 0; i < 9; i++) {
            clock.advance(11);
            cookie = request(b, cookie, s -> s.put("n", 1), seen);
            assertEquals("ann", seen[0].contents().get("user"), "still valid at +" + (11 * (i + 1)));
        }
        clock.advance(2);
        cookie = request(b, cookie, s -> s.get("user"), seen);
        assertTrue(seen[0].wasExpired());
        assertEquals(Map.of(), seen[0].contents());
        assertEquals("session=", cookie, "the stale cookie is deleted");
    }

    @Test
    void theIdleTimeoutEndsAGapLongerThanItAndActivityKeepsTheSessionAlive() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().idleTimeout(Duration.ofSeconds(100)));
        String cookie = request(b, null, s -> s.put("user", "ann"), null);
        FlaskSession[] seen = new FlaskSession[1];
        for (int i = 0; i < 5; i++) {
            clock.advance(60);
            cookie = request(b, cookie, s -> s.get("user"), seen);
            assertFalse(seen[0].wasExpired(), "a read every 60 s keeps it alive (" + i + ")");
            assertEquals("ann", seen[0].contents().get("user"));
        }
        String beforeQuickRead = cookie;
        clock.advance(5);
        cookie = request(b, cookie, s -> s.get("user"), seen);
        assertEquals(beforeQuickRead, cookie, "within a tenth of the timeout, nothing is rewritten");
        clock.advance(100);
        request(b, cookie, s -> s.get("user"), seen);
        assertTrue(seen[0].wasExpired(), "a gap of the idle timeout ends it");
        assertEquals(Map.of(), seen[0].contents());
    }

    @Test
    void theClientCannotExtendTheSessionWithoutTheKey() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().absoluteTimeout(Duration.ofSeconds(100)));
        String cookie = request(b, null, s -> s.put("user", "ann"), null);
        clock.advance(101);
        FlaskSession[] seen = new FlaskSession[1];
        request(b, cookie, s -> { }, seen);
        assertTrue(seen[0].wasExpired(), "the creation time is inside the signed payload");
        assertFalse(seen[0].hasData());
    }

    /** A cookie as Flask mints it: no stamps of ours, signed at the clock's time now. */
    private String flaskCookie(SecureCookieSessionInterface b, Map<String, Object> contents) {
        return "session=" + b.getSigningSerializer().orElseThrow().dumps(contents, clock.now.getEpochSecond());
    }

    @Test
    void aCookieWithoutStampsStartsAtItsSignatureNotNowAndReplaysDoNotRestartIt() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().absoluteTimeout(Duration.ofSeconds(100)));
        long minted = clock.now.getEpochSecond();
        String flask = flaskCookie(b, Map.of("user", "ann"));
        clock.advance(60);
        FlaskSession[] seen = new FlaskSession[1];
        String ours = request(b, flask, s -> s.put("n", 1), seen);
        assertFalse(seen[0].wasExpired());
        clock.advance(1);
        request(b, ours, s -> { }, seen);
        assertEquals(minted, ((Number) seen[0].contents().get(FlaskSession.CREATED_KEY)).longValue(),
                "stamped with the signature's time");
        clock.advance(40);
        for (String replayed : List.of(flask, ours)) {
            request(b, replayed, s -> s.put("n", 2), seen);
            assertTrue(seen[0].wasExpired(), "100 s after the signature, whichever cookie is replayed");
        }
    }

    @Test
    void withoutALastSeenStampTheSignatureIsTheLastUse() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().idleTimeout(Duration.ofSeconds(100)));
        String flask = flaskCookie(b, Map.of("user", "ann"));
        clock.advance(99);
        FlaskSession[] seen = new FlaskSession[1];
        request(b, flask, s -> { }, seen);
        assertFalse(seen[0].wasExpired());
        clock.advance(2);
        request(b, flask, s -> { }, seen);
        assertTrue(seen[0].wasExpired(), "idle for 101 s since it was signed");
    }

    @Test
    void aStampThatIsNotAWholeNumberOfSecondsInRangeCountsAsExpired() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().absoluteTimeout(Duration.ofSeconds(100)));
        long now = clock.now.getEpochSecond();
        long latest = now + SessionTimeouts.CLOCK_SKEW_SECONDS;
        List<Object> bad = List.of(1e300, java.math.BigInteger.TEN.pow(999), (double) now, "" + now, -1L, latest + 1,
                now + 86_400, Double.NaN, Double.POSITIVE_INFINITY, true, List.of(now));
        for (Object stamp : bad) {
            for (String key : List.of(FlaskSession.CREATED_KEY, FlaskSession.SEEN_KEY)) {
                FlaskSession[] seen = new FlaskSession[1];
                request(b, flaskCookie(b, Map.of("user", "ann", key, stamp)), s -> { }, seen);
                assertTrue(seen[0].wasExpired(), key + " = " + stamp + " fails closed");
            }
        }
        FlaskSession[] seen = new FlaskSession[1];
        request(b, flaskCookie(b, Map.of("user", "ann", FlaskSession.CREATED_KEY, now)), s -> { }, seen);
        assertFalse(seen[0].wasExpired(), "a good stamp opens");
    }
}
