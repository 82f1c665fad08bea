package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * The real Flask-Session 0.8 and our Redis backend on one real Redis, same prefix and key: each side opens, changes
 * and deletes the other's sessions, in msgpack and in JSON, with and without the signer.
 */
class RedisInteropTest {
    private static final long LIFETIME = 600;
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start("interop");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of("msgpack", false), Arguments.of("json", false),
                Arguments.of("msgpack", true), Arguments.of("json", true));
    }

    private static Map<String, String> env(String format, boolean signer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SESSION_TYPE", "redis");
        env.put("SESSION_REDIS", redis.url());
        env.put("SECRET_KEY", "redis-interop-secret-0123");
        env.put("SESSION_KEY_PREFIX", "it-" + format + "-" + signer + ":");
        env.put("SESSION_SERIALIZATION_FORMAT", format);
        env.put("SESSION_USE_SIGNER", Boolean.toString(signer));
        env.put("PERMANENT_SESSION_LIFETIME", Long.toString(LIFETIME));
        return env;
    }

    @ParameterizedTest(name = "{0}, signer={1}")
    @MethodSource("variants")
    void bothSidesShareOneSession(String format, boolean signer) {
        Map<String, String> env = env(format, signer);
        try (ServerProcess flask = ServerProcess.flask("redis-flask-" + format + "-" + signer, env);
             ServerProcess java = ServerProcess.java("redis-java-" + format + "-" + signer, env)) {
            Interop.redisRoundTrip(flask, java, env, redis);
        }
    }

    @ParameterizedTest(name = "{0}, signer={1}")
    @MethodSource("variants")
    void unknownOrForgedIdsGetAFreshId(String format, boolean signer) {
        Map<String, String> env = env(format, signer);
        try (ServerProcess java = ServerProcess.java("redis-java-ids-" + format + "-" + signer, env)) {
            String forged = "session=chosen-by-the-client";
            Http.Reply r = Http.send("PUT", java.url("/api/session/a"), forged, "1");
            String issued = Interop.cookieOf(r);
            assertNotEquals(forged, issued);
            assertFalse(issued.contains("chosen-by-the-client"));
            try (Jedis jedis = redis.client()) {
                assertFalse(jedis.exists(env.get("SESSION_KEY_PREFIX") + "chosen-by-the-client"));
            }
        }
    }
}
