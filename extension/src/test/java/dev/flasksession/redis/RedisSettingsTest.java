package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import java.time.Clock;
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
    void signerNeedsASecretKey() {
        RedisSessionSettings s = settings(Map.of("SESSION_USE_SIGNER", "true"));
        try (JedisPooled lazy = new JedisPooled("127.0.0.1", 1)) {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> new RedisSessionInterface(SessionConfig.builder().build(), s, lazy, Clock.systemUTC()));
            assertEquals("SECRET_KEY", e.setting());
        }
    }
}
