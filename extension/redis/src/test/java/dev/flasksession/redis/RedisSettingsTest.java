package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.store.SerializationFormat;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class RedisSettingsTest {
    private static RedisSessionSettings settings(Map<String, String> values) {
        return RedisSessionSettings.from(ConfigSource.of(values));
    }

    @Test
    void flaskSessionDefaults() {
        RedisSessionSettings s = settings(Map.of());
        assertEquals("session:", s.keyPrefix());
        assertFalse(s.useSigner());
        assertTrue(s.permanent());
        assertEquals(32, s.idLength());
        assertEquals(SerializationFormat.MSGPACK, s.format());
        assertEquals(5, s.retryAfterSeconds());
    }

    @Test
    void badSettingsNameThemselves() {
        Map<String, String> bad = Map.of(
                "SESSION_REDIS", "http://localhost:6379",
                "SESSION_SERIALIZATION_FORMAT", "pickle",
                "SESSION_ID_LENGTH", "0",
                "SESSION_REDIS_CLUSTER", "localhost",
                "SESSION_REDIS_SENTINELS", "127.0.0.1:26379");
        bad.forEach((name, value) -> {
            SessionConfigException e = assertThrows(SessionConfigException.class, () -> settings(Map.of(name, value)));
            assertTrue(e.getMessage().startsWith("SESSION_"), e.getMessage());
        });
        assertEquals("SESSION_REDIS_SENTINEL_MASTER", assertThrows(SessionConfigException.class,
                () -> settings(Map.of("SESSION_REDIS_SENTINELS", "127.0.0.1:26379"))).setting());
    }

    @Test
    void passwordsNeverShow() {
        SessionConfigException e = assertThrows(SessionConfigException.class,
                () -> settings(Map.of("SESSION_REDIS", "redis://user:hunter2@localhost:6379/x")));
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(settings(Map.of("SESSION_REDIS", "redis://user:hunter2@localhost:6379/1")).toString().contains("hunter2"));
    }

    @Test
    void passwordsWithReservedCharactersNeverShowWhateverTheyHold() {
        String[] secretParts = {"Zm9v", "YmFy", "c2VjcmV0"};
        for (String url : List.of("redis://default:Zm9v/YmFy+c2VjcmV0@127.0.0.1:16399/0",
                "redis://default:Zm9v@YmFy+c2VjcmV0@127.0.0.1:16399/0", "redis://:Zm9v:YmFy#c2VjcmV0@127.0.0.1:1/0",
                "redis://Zm9v YmFy c2VjcmV0@127.0.0.1:1/0", "redis://default:Zm9v%YmFy@127.0.0.1/0")) {
            String shown;
            try {
                shown = settings(Map.of("SESSION_REDIS", url)).toString();
            } catch (SessionConfigException e) {
                assertEquals("SESSION_REDIS", e.setting());
                assertTrue(e.getMessage().contains("percent-encoded"), e.getMessage());
                shown = e.getMessage();
            }
            for (String part : secretParts) {
                assertFalse(shown.contains(part), url + " showed " + part + " in: " + shown);
            }
        }
        RedisSessionSettings encoded = settings(Map.of("SESSION_REDIS", "redis://default:Zm9v%2FYmFy%2Bc2VjcmV0%40@127.0.0.1:16399/0"));
        assertEquals("RedisSessionSettings{SESSION_REDIS=redis://default:****@127.0.0.1:16399/0", encoded.toString().split(",")[0]);
        assertEquals("redis://****@h:1/2", RedisSessionSettings.masked(java.net.URI.create("redis://Zm9v@h:1/2")));
    }

    @Test
    void credentialsInClusterOrSentinelAddressesAreRefusedWithoutShowingThem() {
        for (String name : List.of("SESSION_REDIS_CLUSTER", "SESSION_REDIS_SENTINELS")) {
            for (String value : List.of("redis://default:s3cr3tPW@node1:6379", "default:s3cr3tPW@node1:6379",
                    "node0:1,s3cr3tPW/x@node1:6379")) {
                Map<String, String> settings = new java.util.HashMap<>(Map.of(name, value));
                settings.put("SESSION_REDIS_SENTINEL_MASTER", "m");
                SessionConfigException e = assertThrows(SessionConfigException.class, () -> settings(settings));
                assertEquals(name, e.setting());
                assertFalse(e.getMessage().contains("s3cr3tPW"), e.getMessage());
            }
        }
    }

    @Test
    void idLengthsAreCappedSoEveryIssuedIdIsLookedUp() {
        assertEquals(384, settings(Map.of("SESSION_ID_LENGTH", "384")).idLength());
        assertEquals(363, settings(Map.of("SESSION_ID_LENGTH", "363", "SESSION_USE_SIGNER", "true")).idLength());
        for (Map<String, String> bad : List.of(Map.of("SESSION_ID_LENGTH", "385"),
                Map.of("SESSION_ID_LENGTH", "364", "SESSION_USE_SIGNER", "true"), Map.of("SESSION_ID_LENGTH", "1024"))) {
            SessionConfigException e = assertThrows(SessionConfigException.class, () -> settings(bad));
            assertEquals("SESSION_ID_LENGTH", e.setting());
        }
        // The longest id issued, signed, still fits what is looked up.
        int signedCookieLength = (4 * 363 + 2) / 3 + 28;
        assertTrue(signedCookieLength <= dev.flasksession.store.SharedSettings.MAX_COOKIE_VALUE_LENGTH);
    }

    @Test
    void aLifetimeRedisCannotHoldFailsNamingTheSetting() {
        try (JedisPooled lazy = new JedisPooled("127.0.0.1", 1)) {
            SessionConfig zero = SessionConfig.builder().secretKey("k").permanentSessionLifetime(java.time.Duration.ZERO).build();
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> new RedisSessionInterface(zero, settings(Map.of()), lazy, Clock.systemUTC()));
            assertEquals("PERMANENT_SESSION_LIFETIME", e.setting());
        }
    }

    @Test
    void redisErrorsLoseTheirSessionKeys() {
        try (JedisPooled lazy = new JedisPooled("127.0.0.1", 1)) {
            RedisSessionInterface redis = new RedisSessionInterface(SessionConfig.builder().build(), settings(Map.of()),
                    lazy, Clock.systemUTC());
            assertEquals("ERR unknown command 'GETEX'", redis.redact(
                    "ERR unknown command 'GETEX', with args beginning with: 'session:abcDEF123' 'EX' '600' "));
            assertEquals("WRONGTYPE at session:<id> now", redis.redact("WRONGTYPE at session:abcDEF-_123 now"));
        }
    }

    @Test
    void signerNeedsASecretKey() {
        RedisSessionSettings s = settings(Map.of("SESSION_USE_SIGNER", "true"));
        try (JedisPooled lazy = new JedisPooled("127.0.0.1", 1)) {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> new RedisSessionInterface(SessionConfig.builder().build(), s, lazy, Clock.systemUTC()));
            assertEquals("SECRET_KEY", e.setting());
        }
    }
}
