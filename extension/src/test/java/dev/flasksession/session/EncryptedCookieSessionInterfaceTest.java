package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.encryption.CookieSealer;
import dev.flasksession.signing.Base64Url;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The encrypted backend keeps Flask's cookie rules and only seals the payload differently. */
class EncryptedCookieSessionInterfaceTest {
    private static final String KEY = "encrypted-secret-key-0123";

    private static EncryptedCookieSessionInterface backend(SessionConfig.Builder b, Clock clock) {
        return new EncryptedCookieSessionInterface(b.build(), clock);
    }

    private static EncryptedCookieSessionInterface backend(String key, String... fallbacks) {
        return backend(SessionConfig.builder().secretKey(key).secretKeyFallbacks(List.of(fallbacks)),
                SecureCookieSaveTest.NOW);
    }

    private static SecureCookieSaveTest.Recorded save(SessionInterface backend, FlaskSession s) {
        SecureCookieSaveTest.Recorded r = new SecureCookieSaveTest.Recorded();
        backend.saveSession(s, r);
        return r;
    }

    /** @return the value of the one cookie written for a new session holding {@code user=ann} */
    private static String written(SessionInterface backend) {
        FlaskSession s = backend.openSession(SessionRequest.fromCookieHeaders(List.of()));
        s.put("user", "ann");
        SecureCookieSaveTest.Recorded r = save(backend, s);
        assertEquals(1, r.cookies.size());
        String header = r.cookies.get(0);
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    private static Map<String, Object> opened(SessionInterface backend, String cookie) {
        return backend.openSession(SessionRequest.fromCookieHeaders(List.of(cookie))).contents();
    }

    @Test
    void writesAnEncryptedCookieAndReadsItBack() throws Exception {
        EncryptedCookieSessionInterface b = backend(KEY);
        String value = written(b);
        String raw = new String(Base64Url.decode(value), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("ann") || raw.contains("user"), "the cookie does not show the session");
        assertEquals(Map.of("user", "ann"), opened(b, "session=" + value));
    }

    @Test
    void flasksRulesStay() {
        EncryptedCookieSessionInterface b = backend(KEY);
        SecureCookieSaveTest.Recorded untouched = save(b, b.openSession(
                SessionRequest.fromCookieHeaders(List.of("session=" + written(b)))));
        assertTrue(untouched.cookies.isEmpty());

        FlaskSession s = b.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + written(b))));
        s.clear();
        SecureCookieSaveTest.Recorded cleared = save(b, s);
        assertEquals(List.of("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"), cleared.cookies);
        assertEquals(Set.of("Cookie"), cleared.vary);

        FlaskSession permanent = new FlaskSession(Map.of("_permanent", true, "a", 1), false);
        SecureCookieSaveTest.Recorded refreshed = save(b, permanent);
        assertTrue(refreshed.cookies.get(0).endsWith("; Expires=Sun, 01 Feb 2026 00:00:00 GMT; HttpOnly; Path=/"),
                refreshed.cookies.get(0));
    }

    @Test
    void tamperedExpiredOrForeignCookiesOpenEmpty() {
        EncryptedCookieSessionInterface b = backend(KEY);
        String value = written(b);
        char last = value.charAt(value.length() - 1);
        String tampered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
        String expired = b.getSealer().orElseThrow().seal("session", "{\"user\":\"ann\"}".getBytes(StandardCharsets.UTF_8),
                SecureCookieSaveTest.NOW.instant().getEpochSecond() - 2678401);
        String flaskSigned = new SecureCookieSessionInterface(SessionConfig.builder().secretKey(KEY).build(),
                SecureCookieSaveTest.NOW).getSigningSerializer().orElseThrow().dumps(Map.of("user", "ann"));
        for (String bad : List.of(tampered, expired, flaskSigned, "garbage", "", "\"quoted\"", "x".repeat(5000))) {
            FlaskSession s = b.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + bad)));
            assertEquals(Map.of(), s.contents(), bad);
        }
    }

    @Test
    void aCookieMovedToAnotherNameOpensEmpty() {
        EncryptedCookieSessionInterface session = backend(KEY);
        EncryptedCookieSessionInterface sid = backend(SessionConfig.builder().secretKey(KEY).cookieName("sid"),
                SecureCookieSaveTest.NOW);
        assertEquals(Map.of(), opened(sid, "sid=" + written(session)));
        assertEquals(Map.of("user", "ann"), opened(sid, "sid=" + written(sid)));
    }

    @Test
    void rotation() {
        String underA = written(backend("key-a-0123456789abcdef"));
        EncryptedCookieSessionInterface rotated = backend("key-b-0123456789abcdef", "key-a-0123456789abcdef");
        assertEquals(Map.of("user", "ann"), opened(rotated, "session=" + underA), "a fallback key still opens");
        String underB = written(rotated);
        assertEquals(Map.of(), opened(backend("key-a-0123456789abcdef"), "session=" + underB), "new cookies use B");
        assertEquals(Map.of("user", "ann"), opened(backend("key-b-0123456789abcdef"), "session=" + underB));
        assertEquals(Map.of(), opened(backend("key-b-0123456789abcdef"), "session=" + underA), "A no longer listed");
    }

    @Test
    void theCookieLivesAsLongAsThePermanentLifetime() {
        String value = written(backend(KEY));
        Clock later = Clock.offset(SecureCookieSaveTest.NOW, Duration.ofSeconds(601));
        SessionConfig.Builder tenMinutes = SessionConfig.builder().secretKey(KEY).permanentSessionLifetime(Duration.ofSeconds(600));
        assertEquals(Map.of(), opened(backend(tenMinutes, later), "session=" + value));
        Clock sooner = Clock.offset(SecureCookieSaveTest.NOW, Duration.ofSeconds(600));
        assertEquals(Map.of("user", "ann"), opened(backend(tenMinutes, sooner), "session=" + value));
    }

    @Test
    void noSecretKeyMeansNullSession() {
        EncryptedCookieSessionInterface b = new EncryptedCookieSessionInterface(SessionConfig.builder().build(),
                Clock.fixed(SecureCookieSaveTest.NOW.instant(), ZoneOffset.UTC));
        assertNull(b.openSession(SessionRequest.fromCookieHeaders(List.of("session=abc"))));
        assertTrue(b.getSealer().isEmpty());
    }

    @Test
    void theSealerIsTheDocumentedOne() throws Exception {
        EncryptedCookieSessionInterface b = backend(KEY);
        CookieSealer independent = new CookieSealer(List.of(KEY.getBytes(StandardCharsets.UTF_8)), SecureCookieSaveTest.NOW);
        assertEquals("{\"user\":\"ann\"}", new String(independent.open("session", written(b), 60), StandardCharsets.UTF_8));
    }
}
