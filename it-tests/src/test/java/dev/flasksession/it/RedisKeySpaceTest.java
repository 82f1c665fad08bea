package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Without the signer the cookie's id goes into the Redis key, so only ids of the form Flask-Session issues are
 * looked up: an id naming the library's own keys, a key outside the prefix, or of the wrong length or alphabet gets
 * a fresh session and no command reaches Redis, so no key's TTL is renewed and nothing fails.
 */
class RedisKeySpaceTest {
    /** Longer than the lifetime, so that a renewal by GETEX would show. */
    private static final long LONG_TTL = 5000;

    @Test
    void idsNoOneIssuedTouchNothingInRedis() throws Exception {
        try (RedisServer redis = RedisServer.start("key-space"); Jedis jedis = redis.client()) {
            for (String prefix : List.of("session:", "")) {
                Map<String, String> env = new LinkedHashMap<>(Map.of("SESSION_TYPE", "redis", "SESSION_REDIS",
                        redis.url(), "SECRET_KEY", "redis-key-space-secret", "SESSION_KEY_PREFIX", prefix,
                        "SESSION_TRACK_USERS", "true", "PERMANENT_SESSION_LIFETIME", "600"));
                String name = "redis-key-space-" + (prefix.isEmpty() ? "no-prefix" : "prefix");
                try (ServerProcess java = ServerProcess.java(name, env)) {
                    // The library's own keys, made as an application makes them: a sign-out record and a user index.
                    Http.send("PUT", java.url("/api/session/_user_id"), null, "\"x\"");
                    assertEquals(204, Http.send("DELETE", java.url("/api/users/x/sessions"), null, null).status());
                    Http.send("PUT", java.url("/api/session/_user_id"), null, "\"x\"");

                    // cookie value -> the key it would name
                    Map<String, String> probes = new LinkedHashMap<>();
                    probes.put("user:x", prefix + "user:x");
                    probes.put("signedout:x", prefix + "signedout:x");
                    String tooShort = Interop.idShaped("short").substring(1);
                    String tooLong = Interop.idShaped("long") + "A";
                    String wrongAlphabet = Interop.idShaped("dot").substring(1) + ".";
                    for (String id : List.of(tooShort, tooLong, wrongAlphabet)) {
                        jedis.set(prefix + id, "v");
                        probes.put(id, prefix + id);
                    }
                    if (prefix.isEmpty()) {
                        jedis.set("other-app:config", "v");
                        probes.put("other-app:config", "other-app:config");
                    }
                    for (Map.Entry<String, String> probe : probes.entrySet()) {
                        assertTrue(jedis.exists(probe.getValue()), "the test set up " + probe.getValue());
                        jedis.expire(probe.getValue(), LONG_TTL);
                        Http.Reply[] reply = new Http.Reply[1];
                        Map<String, Long> commands = redis.commandsDuring(
                                () -> reply[0] = Http.get(java.url("/api/session"), "session=" + probe.getKey()));
                        assertEquals(200, reply[0].status(), probe.getKey() + ": " + reply[0].body());
                        assertEquals("{\"_permanent\":true}", reply[0].body(), probe.getKey());
                        assertEquals(Map.of(), commands, probe.getKey() + " reached Redis");
                        long ttl = jedis.ttl(probe.getValue());
                        assertTrue(ttl > LONG_TTL - 60, probe.getValue() + ": TTL now " + ttl);
                    }
                    String log = java.log();
                    assertFalse(log.contains("SEVERE") || log.contains("refused"), "nothing to report:\n" + log);
                }
            }
        }
    }
}
