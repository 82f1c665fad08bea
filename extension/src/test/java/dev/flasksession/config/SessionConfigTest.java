package dev.flasksession.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
    @Test
    void flaskDefaults() {
        SessionConfig c = SessionConfig.from(ConfigSource.of(Map.of()));
        assertEquals(Optional.empty(), c.secretKey());
        assertEquals("session", c.cookieName());
        assertEquals("/", c.cookiePath());
        assertTrue(c.cookieHttpOnly());
        assertFalse(c.cookieSecure());
        assertEquals(Optional.empty(), c.cookieSameSite());
        assertFalse(c.cookiePartitioned());
        assertEquals(Duration.ofDays(31), c.permanentSessionLifetime());
        assertTrue(c.refreshEachRequest());
    }

    @Test
    void secretsAreTakenByteForByte() {
        SessionConfig c = SessionConfig.from(ConfigSource.of(Map.of("SECRET_KEY", " key with spaces\n",
                "SECRET_KEY_FALLBACKS", "[\" old \", \"${x}\"]")));
        assertEquals(Optional.of(" key with spaces\n"), c.secretKey());
        assertEquals(List.of(" old ", "${x}"), c.secretKeyFallbacks());
        SessionConfigException e = assertThrows(SessionConfigException.class,
                () -> SessionConfig.from(ConfigSource.of(Map.of("SECRET_KEY_FALLBACKS", "old1, old2"))));
        assertEquals("SECRET_KEY_FALLBACKS", e.setting());
        assertTrue(e.getMessage().contains("byte for byte"), e.getMessage());
    }

    @Test
    void lifetimesThatNoCookieOrStoreCanHoldFailNamingTheSetting() {
        assertEquals(SessionConfig.MAX_LIFETIME, SessionConfig.from(ConfigSource.of(Map.of("PERMANENT_SESSION_LIFETIME",
                Long.toString(SessionConfig.MAX_LIFETIME.toSeconds())))).permanentSessionLifetime());
        for (String bad : List.of("100000000000000000", Long.toString(SessionConfig.MAX_LIFETIME.toSeconds() + 1), "-1")) {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> SessionConfig.from(ConfigSource.of(Map.of("PERMANENT_SESSION_LIFETIME", bad))));
            assertEquals("PERMANENT_SESSION_LIFETIME", e.setting(), bad);
        }
    }

    @Test
    void readsEveryFlaskName() {
        SessionConfig c = SessionConfig.from(ConfigSource.of(Map.ofEntries(
                Map.entry("SECRET_KEY", "k"), Map.entry("SECRET_KEY_FALLBACKS", "old1,old2"),
                Map.entry("SESSION_COOKIE_NAME", "sid"), Map.entry("SESSION_COOKIE_DOMAIN", "example.com"),
                Map.entry("SESSION_COOKIE_PATH", "/app"), Map.entry("SESSION_COOKIE_HTTPONLY", "false"),
                Map.entry("SESSION_COOKIE_SECURE", "1"), Map.entry("SESSION_COOKIE_SAMESITE", "strict"),
                Map.entry("SESSION_COOKIE_PARTITIONED", "yes"), Map.entry("PERMANENT_SESSION_LIFETIME", "60"),
                Map.entry("SESSION_REFRESH_EACH_REQUEST", "off"))));
        assertEquals(Optional.of("k"), c.secretKey());
        assertEquals(List.of("old1", "old2"), c.secretKeyFallbacks());
        assertEquals(3, c.signingKeys().size());
        assertEquals("sid", c.cookieName());
        assertEquals(Optional.of("example.com"), c.cookieDomain());
        assertEquals("/app", c.cookiePath());
        assertFalse(c.cookieHttpOnly());
        assertTrue(c.cookieSecure());
        assertEquals(Optional.of(SameSite.STRICT), c.cookieSameSite());
        assertTrue(c.cookiePartitioned());
        assertEquals(Duration.ofSeconds(60), c.permanentSessionLifetime());
        assertFalse(c.refreshEachRequest());
        assertFalse(c.toString().contains("k,"), "the secret is masked");
        assertTrue(c.toString().contains("SECRET_KEY=****"));
    }

    @Test
    void fallbacksAsJsonArray() {
        SessionConfig c = SessionConfig.from(ConfigSource.of(Map.of("SECRET_KEY_FALLBACKS", "[\"a,b\", \"c\"]")));
        assertEquals(List.of("a,b", "c"), c.secretKeyFallbacks());
    }

    @Test
    void emptySameSiteMeansNone() {
        assertEquals(Optional.empty(), SessionConfig.from(ConfigSource.of(Map.of("SESSION_COOKIE_SAMESITE", ""))).cookieSameSite());
    }

    @Test
    void badValuesNameTheSettingAndTheAcceptedValues() {
        Map<String, String> bad = Map.of(
                "PERMANENT_SESSION_LIFETIME", "abc",
                "SESSION_COOKIE_SAMESITE", "Loose",
                "SESSION_COOKIE_SECURE", "maybe",
                "SESSION_COOKIE_NAME", "a b");
        bad.forEach((name, value) -> {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> SessionConfig.from(ConfigSource.of(Map.of(name, value))));
            assertEquals(name, e.setting());
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(value), e.getMessage());
        });
        assertTrue(assertThrows(SessionConfigException.class, () -> SessionConfig.from(ConfigSource.of(
                Map.of("SESSION_COOKIE_SAMESITE", "Loose")))).getMessage().contains("Strict, Lax or None"));
    }
}
