package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureCookieSaveTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static final class Recorded implements SessionResponse {
        final List<String> cookies = new ArrayList<>();
        final Set<String> vary = new LinkedHashSet<>();

        @Override
        public void setCookie(SetCookie cookie) {
            cookies.add(cookie.toHeaderValue());
        }

        @Override
        public void addVary(String header) {
            vary.add(header);
        }
    }

    private static SecureCookieSessionInterface backend(SessionConfig.Builder b) {
        return new SecureCookieSessionInterface(b.secretKey("dev-secret").build(), NOW);
    }

    private static Recorded save(SessionInterface backend, FlaskSession s) {
        Recorded r = new Recorded();
        backend.saveSession(s, r);
        return r;
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedChangesAreSavedOnlyWhenDetectionIsOn() throws Exception {
        for (boolean detect : List.of(false, true)) {
            SecureCookieSessionInterface b = backend(SessionConfig.builder().detectNestedChanges(detect));
            String cookie = "session=" + b.getSigningSerializer().orElseThrow().dumps(Map.of("cart", List.of("a")));
            FlaskSession opened = b.openSession(SessionRequest.fromCookieHeaders(List.of(cookie)));
            Recorded untouched = save(b, opened);
            assertTrue(untouched.cookies.isEmpty(), "an unchanged session is never rewritten, detect=" + detect);

            FlaskSession s = b.openSession(SessionRequest.fromCookieHeaders(List.of(cookie)));
            ((List<Object>) s.get("cart")).add("b");
            Recorded r = save(b, s);
            if (detect) {
                assertEquals(1, r.cookies.size());
                String value = r.cookies.get(0).substring("session=".length(), r.cookies.get(0).indexOf(';'));
                assertEquals(Map.of("cart", List.of("a", "b")), b.getSigningSerializer().orElseThrow().loads(value, null));
            } else {
                assertTrue(r.cookies.isEmpty(), "Flask's default: a nested change alone is not saved");
            }
        }
    }

    @Test
    void cookiesAndPayloadsBeyondTheLimitsOpenEmptyWithoutBeingDecoded() throws Exception {
        SecureCookieSessionInterface b = backend(SessionConfig.builder());
        String big = b.getSigningSerializer().orElseThrow().dumps(Map.of("a", "x".repeat(3000)));
        FlaskSession opened = b.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + big)));
        assertEquals(Map.of("a", "x".repeat(3000)), opened.contents(), "compressed, it is far below both limits");

        SessionConfig strict = SessionConfig.from(dev.flasksession.config.ConfigSource.of(Map.of("SECRET_KEY", "dev-secret",
                "SESSION_MAX_PAYLOAD_BYTES", "2048", "SESSION_MAX_COOKIE_BYTES", "256")));
        SecureCookieSessionInterface limited = new SecureCookieSessionInterface(strict, NOW);
        String inflatesBeyond = limited.getSigningSerializer().orElseThrow().dumps(Map.of("a", "x".repeat(3000)));
        assertTrue(inflatesBeyond.length() < 256, "a small cookie: " + inflatesBeyond.length());
        assertEquals(Map.of(), limited.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + inflatesBeyond)))
                .contents(), "inflating stops at SESSION_MAX_PAYLOAD_BYTES");
        byte[] noise = new byte[300];
        new java.util.Random(7).nextBytes(noise);
        String longCookie = limited.getSigningSerializer().orElseThrow().dumps(Map.of("a", noise));
        assertTrue(longCookie.length() > 256);
        assertEquals(Map.of(), limited.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + longCookie)))
                .contents(), "longer than SESSION_MAX_COOKIE_BYTES");
    }

    @Test
    void untouchedSessionWritesNothing() {
        Recorded r = save(backend(SessionConfig.builder()), new FlaskSession(Map.of("a", 1), false));
        assertTrue(r.cookies.isEmpty());
        assertTrue(r.vary.isEmpty());
    }

    @Test
    void readSessionVariesOnCookieOnly() {
        FlaskSession s = new FlaskSession(Map.of("a", 1), false);
        s.get("a");
        Recorded r = save(backend(SessionConfig.builder()), s);
        assertTrue(r.cookies.isEmpty());
        assertEquals(Set.of("Cookie"), r.vary);
    }

    @Test
    void modifiedSessionSetsABrowserSessionCookie() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder());
        FlaskSession s = new FlaskSession();
        s.put("a", 1);
        Recorded r = save(b, s);
        assertEquals(List.of("session=" + b.getSigningSerializer().orElseThrow().dumps(Map.of("a", 1)) + "; HttpOnly; Path=/"), r.cookies);
        assertEquals(Set.of("Cookie"), r.vary);
    }

    @Test
    void permanentSessionExpiresAfterTheLifetimeAndRefreshes() {
        FlaskSession s = new FlaskSession(Map.of("_permanent", true, "a", 1), false);
        Recorded r = save(backend(SessionConfig.builder()), s);
        assertEquals(1, r.cookies.size());
        assertTrue(r.cookies.get(0).endsWith("; Expires=Sun, 01 Feb 2026 00:00:00 GMT; HttpOnly; Path=/"), r.cookies.get(0));

        Recorded noRefresh = save(backend(SessionConfig.builder().refreshEachRequest(false)),
                new FlaskSession(Map.of("_permanent", true, "a", 1), false));
        assertTrue(noRefresh.cookies.isEmpty());
    }

    @Test
    void emptiedSessionDeletesTheCookieWithTheSameAttributes() {
        FlaskSession s = new FlaskSession(Map.of("a", 1), false);
        s.clear();
        Recorded r = save(backend(SessionConfig.builder().cookieDomain("example.com").cookiePath("/app")
                .cookieSecure(true).cookieSameSite(SameSite.LAX).cookiePartitioned(true)), s);
        assertEquals(List.of("session=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; "
                + "Secure; HttpOnly; Path=/app; SameSite=Lax; Partitioned"), r.cookies);
        assertEquals(Set.of("Cookie"), r.vary);
    }

    @Test
    void noSecretKeyMeansNullSession() {
        SecureCookieSessionInterface b = new SecureCookieSessionInterface(SessionConfig.builder().build(), NOW);
        assertNull(b.openSession(SessionRequest.fromCookieHeaders(List.of("session=abc"))));
        assertTrue(b.isNullSession(b.makeNullSession()));
        assertEquals(Optional.empty(), b.getSigningSerializer());
    }

    @Test
    void oversizedCookieIsStillSent() {
        FlaskSession s = new FlaskSession();
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 5000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        s.put("big", noise.toString());
        Recorded r = save(backend(SessionConfig.builder()), s);
        assertEquals(1, r.cookies.size());
        assertTrue(r.cookies.get(0).length() > SetCookie.BROWSER_LIMIT);
    }

    @Test
    void aHookOverrideChangesOneDecision() {
        SecureCookieSessionInterface custom = new SecureCookieSessionInterface(
                SessionConfig.builder().secretKey("k").build(), NOW) {
            @Override
            public Optional<String> getCookieDomain() {
                return Optional.of(".tenant.example");
            }
        };
        FlaskSession s = new FlaskSession();
        s.put("a", 1);
        assertTrue(save(custom, s).cookies.get(0).contains("; Domain=tenant.example;"));
    }

    @Test
    void cookieParsingFollowsWerkzeug() {
        SessionRequest r = SessionRequest.fromCookieHeaders(List.of("x=1; session=first", "session=second"));
        assertEquals(Optional.of("first"), r.cookie("session"));
        assertEquals(Optional.of("a\"b;c"), SessionRequest.fromCookieHeaders(List.of("q=\"a\\\"b\\073c\"")).cookie("q"));
        assertEquals(Optional.empty(), SessionRequest.fromCookieHeaders(List.of(";;;==; garbage")).cookie("session"));
    }
}
