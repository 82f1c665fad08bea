package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.json.TaggedJson;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The interop cases shared by the embedded stack and the real servers: the real Flask and Flask-Session as peers of
 * whatever {@link Target} serves our JSON API.
 */
final class Interop {
    private Interop() {
    }

    /** Tagged JSON values of every type Flask's serializer knows. */
    static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("user_id", "42");
        VALUES.put("name", "\"Zo\\u00eb \\ud83d\\ude00\"");
        VALUES.put("big", "1180591620717411303424");
        VALUES.put("price", "19.99");
        VALUES.put("tiny", "1e-09");
        VALUES.put("flag", "false");
        VALUES.put("nothing", "null");
        VALUES.put("t", "{\" t\":[1,\"two\",3.0]}");
        VALUES.put("b", "{\" b\":\"AAH/YmluYXJ5\"}");
        VALUES.put("m", "{\" m\":\"<b>bold</b> &amp;\"}");
        VALUES.put("u", "{\" u\":\"12345678123456781234567812345678\"}");
        VALUES.put("d", "{\" d\":\"Fri, 04 Jul 2025 12:30:45 GMT\"}");
        VALUES.put("di", "{\" di\":{\" t__\":[1,2]}}");
        VALUES.put("cart", "{\"coupon\":null,\"items\":[{\" t\":[\"A1\",2]}],\"total\":{\" t\":[]}}");
        VALUES.put("_flashes", "[{\" t\":[\"message\",\"Logged in\"]},{\" t\":[\"error\",\"Bad <input>\"]}]");
    }

    private static String expectedJson(Map<String, String> values) throws Exception {
        TaggedJson json = new TaggedJson();
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            data.put(e.getKey(), json.loads(e.getValue()));
        }
        return json.dumps(data);
    }

    /**
     * Flask mints a cookie holding every tagged type; the Java side opens it and writes it back; Flask opens ours.
     *
     * @param flask the real Flask, same SECRET_KEY
     * @param java  our service
     * @throws Exception on a JSON error
     */
    static void cookieRoundTrip(Target flask, Target java) throws Exception {
        String cookie = null;
        for (Map.Entry<String, String> e : VALUES.entrySet()) {
            Http.Reply r = Http.send("PUT", flask.url("/api/session/" + e.getKey()), cookie, e.getValue());
            assertEquals(204, r.status(), e.getKey());
            cookie = "session=" + r.cookie("session").orElseThrow();
        }
        String expected = expectedJson(VALUES);
        assertEquals(expected, Http.get(flask.url("/api/session"), cookie).body(), "Flask's own view");
        assertEquals(expected, Http.get(java.url("/api/session"), cookie).body(), "our view of Flask's cookie");

        Http.Reply ours = Http.send("PUT", java.url("/api/session/added"), cookie, "{\" t\":[true,null,{\" b\":\"\"}]}");
        assertEquals(204, ours.status());
        String ourCookie = "session=" + ours.cookie("session").orElseThrow();
        assertNotEquals(cookie, ourCookie);

        Map<String, String> withAdded = new LinkedHashMap<>(VALUES);
        withAdded.put("added", "{\" t\":[true,null,{\" b\":\"\"}]}");
        String expectedAfter = expectedJson(withAdded);
        assertEquals(expectedAfter, Http.get(flask.url("/api/session"), ourCookie).body(), "Flask's view of our cookie");
        assertEquals(expectedAfter, Http.get(java.url("/api/session"), ourCookie).body());

        Http.Reply flaskWrites = Http.send("DELETE", flask.url("/api/session/b"), ourCookie, null);
        String flaskCookie = "session=" + flaskWrites.cookie("session").orElseThrow();
        withAdded.remove("b");
        assertEquals(expectedJson(withAdded), Http.get(java.url("/api/session"), flaskCookie).body());
    }

    /**
     * @param label what the test calls it, in the id alphabet
     * @return a made-up id of the form Flask-Session issues by default ({@code token_urlsafe(32)}: 43 characters), so
     *     that it is looked up; only such ids ever reach the store
     */
    static String idShaped(String label) {
        return (label + "_".repeat(43)).substring(0, 43);
    }

    static String cookieOf(Http.Reply r) {
        return "session=" + r.cookie("session").orElseThrow(() -> new AssertionError("no session cookie: " + r.setCookies()));
    }

    /** The Redis key behind a cookie value: the id, less the signature when signed. */
    static String keyOf(Map<String, String> env, String cookie, boolean signer) {
        String value = cookie.substring("session=".length());
        String sid = signer ? value.substring(0, value.lastIndexOf('.')) : value;
        return env.get("SESSION_KEY_PREFIX") + sid;
    }

    /**
     * Flask-Session and our service on one Redis: each opens, changes and deletes the other's sessions; TTLs equal
     * the lifetime; clearing deletes the key.
     *
     * @param flask    the real Flask-Session
     * @param java     our service on the Redis backend
     * @param env      the shared settings (prefix, signer, lifetime)
     * @param redis    the Redis both use
     */
    static void redisRoundTrip(Target flask, Target java, Map<String, String> env, RedisServer redis) {
        boolean signer = Boolean.parseBoolean(env.getOrDefault("SESSION_USE_SIGNER", "false"));
        long lifetime = Long.parseLong(env.getOrDefault("PERMANENT_SESSION_LIFETIME", "2678400"));
        try (Jedis jedis = redis.client()) {
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
        assertTrue(ttl > lifetime - 10 && ttl <= lifetime, "TTL " + ttl);

        String flaskView = Http.get(flask.url("/api/session"), cookie).body();
        assertTrue(flaskView.contains("\"user_id\":42"), flaskView);
        assertEquals(flaskView, Http.get(java.url("/api/session"), cookie).body(), "we read Flask's session");

        Http.Reply ours = Http.send("PUT", java.url("/api/session/from_java"), cookie, "{\" d\":\"Sat, 05 Jul 2025 08:00:00 GMT\"}");
        assertEquals(204, ours.status());
        String javaCookie = ours.cookie("session").isPresent() ? cookieOf(ours) : cookie;
        assertEquals(flaskKey, keyOf(env, javaCookie, signer), "the same id");
        long ourTtl = jedis.ttl(flaskKey);
        assertTrue(ourTtl > lifetime - 10 && ourTtl <= lifetime, "TTL " + ourTtl);
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
}
