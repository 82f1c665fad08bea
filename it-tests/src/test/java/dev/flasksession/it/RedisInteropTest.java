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

    private static String cookieOf(Http.Reply r) {
        return "session=" + r.cookie("session").orElseThrow(() -> new AssertionError("no session cookie: " + r.setCookies()));
    }

    /** The Redis key behind a cookie value: the id, less the signature when signed. */
    private static String keyOf(Map<String, String> env, String cookie, boolean signer) {
        String value = cookie.substring("session=".length());
        String sid = signer ? value.substring(0, value.lastIndexOf('.')) : value;
        return env.get("SESSION_KEY_PREFIX") + sid;
    }

    @ParameterizedTest(name = "{0}, signer={1}")
    @MethodSource("variants")
    void bothSidesShareOneSession(String format, boolean signer) {
        Map<String, String> env = env(format, signer);
        try (ServerProcess flask = ServerProcess.flask("redis-flask-" + format + "-" + signer, env);
             ServerProcess java = ServerProcess.java("redis-java-" + format + "-" + signer, env);
             Jedis jedis = redis.client()) {
            String cookie = null;
            Map<String, String> values = new LinkedHashMap<>();
            values.put("user_id", "42");
            values.put("name", "\"Zo\\u00eb\"");
            values.put("big", "4611686018427387904");
            values.put("price", "19.99");
            values.put("flags", "[true,null]");
            values.put("cart", "{\"items\":[{\"sku\":\"A1\",\"qty\":2}]}");
            values.put("raw", "{\" b\":\"AP9yYXc=\"}");
            values.put("when", "{\" d\":\"Fri, 04 Jul 2025 12:30:45 GMT\"}");
            values.put("pair", "{\" t\":[1,2]}");
            for (Map.Entry<String, String> e : values.entrySet()) {
                Http.Reply r = Http.send("PUT", flask.url("/api/session/" + e.getKey()), cookie, e.getValue());
                assertEquals(204, r.status(), e.getKey());
                if (r.cookie("session").isPresent()) {
                    cookie = cookieOf(r);
                }
            }
            String flaskKey = keyOf(env, cookie, signer);
            assertTrue(jedis.exists(flaskKey), "Flask-Session stored " + flaskKey);
            long ttl = jedis.ttl(flaskKey);
            assertTrue(ttl > LIFETIME - 10 && ttl <= LIFETIME, "TTL " + ttl);

            String flaskView = Http.get(flask.url("/api/session"), cookie).body();
            assertTrue(flaskView.contains("\"user_id\":42"), flaskView);
            assertEquals(flaskView, Http.get(java.url("/api/session"), cookie).body(), "we read Flask's session");

            Http.Reply ours = Http.send("PUT", java.url("/api/session/from_java"), cookie, "{\" d\":\"Sat, 05 Jul 2025 08:00:00 GMT\"}");
            assertEquals(204, ours.status());
            String javaCookie = ours.cookie("session").isPresent() ? cookieOf(ours) : cookie;
            assertEquals(flaskKey, keyOf(env, javaCookie, signer), "the same id");
            long ourTtl = jedis.ttl(flaskKey);
            assertTrue(ourTtl > LIFETIME - 10 && ourTtl <= LIFETIME, "TTL " + ourTtl);
            String afterJava = Http.get(flask.url("/api/session"), javaCookie).body();
            assertTrue(afterJava.contains("\"from_java\""), afterJava);
            assertEquals(afterJava, Http.get(java.url("/api/session"), javaCookie).body());

            Http.Reply cleared = Http.send("DELETE", java.url("/api/session"), javaCookie, null);
            assertEquals(204, cleared.status());
            assertTrue(cleared.setCookies().get(0).startsWith("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"),
                    cleared.setCookies().toString());
            assertFalse(jedis.exists(flaskKey), "clearing deletes the key");

            Http.Reply javaStarts = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"");
            String javaOnly = cookieOf(javaStarts);
            String javaKey = keyOf(env, javaOnly, signer);
            assertTrue(jedis.exists(javaKey));
            assertTrue(Http.get(flask.url("/api/session"), javaOnly).body().contains("\"user\":\"ann\""));
            Http.send("DELETE", flask.url("/api/session"), javaOnly, null);
            assertFalse(jedis.exists(javaKey), "Flask-Session deletes our session");
            assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), javaOnly).body());
        }
    }

    @ParameterizedTest(name = "{0}, signer={1}")
    @MethodSource("variants")
    void unknownOrForgedIdsGetAFreshId(String format, boolean signer) {
        Map<String, String> env = env(format, signer);
        try (ServerProcess java = ServerProcess.java("redis-java-ids-" + format + "-" + signer, env)) {
            String forged = "session=chosen-by-the-client";
            Http.Reply r = Http.send("PUT", java.url("/api/session/a"), forged, "1");
            String issued = cookieOf(r);
            assertNotEquals(forged, issued);
            assertFalse(issued.contains("chosen-by-the-client"));
            try (Jedis jedis = redis.client()) {
                assertFalse(jedis.exists(env.get("SESSION_KEY_PREFIX") + "chosen-by-the-client"));
            }
        }
    }
}
