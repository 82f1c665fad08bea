package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    /**
     * SECURITY.md's rotation with the signer on: our service moves to the new key with the old one in
     * {@code SECRET_KEY_FALLBACKS}, and still opens an id Flask-Session signed with the old key; what it writes back
     * is signed with the new key only, which Flask-Session (which knows no fallbacks) reads with the new key.
     */
    @Test
    void aRotatedKeyWithTheOldOneAsFallbackKeepsSignedIdsOpen() {
        Map<String, String> before = env("msgpack", true);
        before.put("SESSION_KEY_PREFIX", "it-rotation:");
        before.put("SECRET_KEY", "redis-rotation-old-key-0123");
        Map<String, String> after = new LinkedHashMap<>(before);
        after.put("SECRET_KEY", "redis-rotation-new-key-4567");
        Map<String, String> rotated = new LinkedHashMap<>(after);
        rotated.put("SECRET_KEY_FALLBACKS", before.get("SECRET_KEY"));
        String oldCookie;
        String ourCookie;
        try (ServerProcess flask = ServerProcess.flask("redis-rotation-flask-old", before);
             ServerProcess java = ServerProcess.java("redis-rotation-java", rotated)) {
            oldCookie = Interop.cookieOf(Http.send("PUT", flask.url("/api/session/user"), null, "\"ann\""));
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", Http.get(java.url("/api/session"), oldCookie).body(),
                    "an id signed with the fallback opens the same session");
            ourCookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/from_java"), oldCookie, "1"));
            assertEquals(Interop.keyOf(before, oldCookie, true), Interop.keyOf(after, ourCookie, true), "the same id");
            assertNotEquals(oldCookie, ourCookie, "written back under the new key");
        }
        // A session that is only read, and whose cookie no rule renews (no refresh on each request), is signed again
        // with the new key all the same: else removing the fallback later would sign its user out.
        Map<String, String> rotatedWithoutRefresh = new LinkedHashMap<>(rotated);
        rotatedWithoutRefresh.put("SESSION_REFRESH_EACH_REQUEST", "false");
        String resigned;
        try (ServerProcess java = ServerProcess.java("redis-rotation-java-norefresh", rotatedWithoutRefresh)) {
            Http.Reply read = Http.get(java.url("/api/session"), oldCookie);
            assertTrue(read.body().contains("\"user\":\"ann\""), read.body());
            resigned = Interop.cookieOf(read);
            assertNotEquals(oldCookie, resigned, "signed again with the new key");
            Http.Reply again = Http.get(java.url("/api/session"), resigned);
            assertEquals(List.of(), again.setCookies(), "a cookie signed with SECRET_KEY is not rewritten");
        }
        try (ServerProcess flask = ServerProcess.flask("redis-rotation-flask-new", after)) {
            String seen = Http.get(flask.url("/api/session"), ourCookie).body();
            assertTrue(seen.contains("\"user\":\"ann\"") && seen.contains("\"from_java\":1"),
                    "Flask-Session with the new key reads it: " + seen);
            String read = Http.get(flask.url("/api/session"), resigned).body();
            assertTrue(read.contains("\"user\":\"ann\""), "Flask-Session with the new key reads the re-signed id: " + read);
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
