package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Sign out everywhere, a user's devices and a cap per user, on real Redis and on signed cookies. */
class UserSessionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> redisEnv(RedisServer redis) {
        return new HashMap<>(Map.of("SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(),
                "SECRET_KEY", "users-secret-0123456789", "SESSION_TRACK_USERS", "true"));
    }

    private static String signIn(ServerProcess server, String user, String cookieName) {
        Http.Reply r = Http.send("PUT", server.url("/api/session/_user_id"), null, "\"" + user + "\"");
        assertEquals(204, r.status(), r.body());
        return cookieName + "=" + r.cookie(cookieName).orElseThrow();
    }

    private static List<?> devices(ServerProcess server, String user) throws Exception {
        Http.Reply r = Http.get(server.url("/api/users/" + user + "/sessions"), null);
        assertEquals(200, r.status(), r.body());
        return JSON.readValue(r.body(), List.class);
    }

    @Test
    void redisListsAUsersDevicesAndSignsThemAllOut() throws Exception {
        try (RedisServer redis = RedisServer.start("users");
             ServerProcess java = ServerProcess.java("redis-users", redisEnv(redis));
             Jedis jedis = redis.client()) {
            long before = System.currentTimeMillis() / 1000;
            String laptop = signIn(java, "ann", "session");
            String phone = signIn(java, "ann", "session");
            String bob = signIn(java, "bob", "session");
            List<?> annDevices = devices(java, "ann");
            assertEquals(2, annDevices.size(), annDevices.toString());
            Map<?, ?> first = (Map<?, ?>) annDevices.get(0);
            long created = ((Number) first.get("created")).longValue();
            assertTrue(created >= before && created <= before + 60, first.toString());
            assertTrue(((Number) first.get("last_seen")).longValue() >= created, first.toString());
            assertFalse(first.get("handle").toString().contains(laptop.substring("session=".length())), "no id shown");

            assertEquals(204, Http.send("DELETE", java.url("/api/users/ann/sessions"), null, null).status());
            for (String captured : List.of(laptop, phone)) {
                assertFalse(Http.get(java.url("/api/session"), captured).body().contains("ann"),
                        "a cookie captured before the sign-out opens empty");
            }
            assertTrue(Http.get(java.url("/api/session"), bob).body().contains("\"_user_id\":\"bob\""), "bob is untouched");
            assertEquals(List.of(), devices(java, "ann"));
            assertFalse(jedis.exists("session:user:ann"), "no index left behind");

            // An entry whose session is gone is dropped the next time the index is read.
            String bobPhone = signIn(java, "bob", "session");
            Http.send("DELETE", java.url("/api/session"), bobPhone, null);
            assertEquals(1, devices(java, "bob").size());
            assertEquals(1, jedis.hlen("session:user:bob"), "the dead entry was cleaned");
        }
    }

    @Test
    void aCapPerUserEndsTheOldestSessions() throws Exception {
        try (RedisServer redis = RedisServer.start("users-cap")) {
            Map<String, String> env = redisEnv(redis);
            env.put("SESSION_MAX_PER_USER", "2");
            try (ServerProcess java = ServerProcess.java("redis-users-cap", env)) {
                String oldest = signIn(java, "ann", "session");
                ServerProcess.sleep(1100);
                String second = signIn(java, "ann", "session");
                ServerProcess.sleep(1100);
                String newest = signIn(java, "ann", "session");
                assertEquals(2, devices(java, "ann").size());
                assertFalse(Http.get(java.url("/api/session"), oldest).body().contains("ann"), "the oldest was ended");
                assertTrue(Http.get(java.url("/api/session"), second).body().contains("ann"));
                assertTrue(Http.get(java.url("/api/session"), newest).body().contains("ann"));
            }
        }
    }

    @Test
    void signedCookiesCapturedBeforeASignOutEverywhereOpenEmpty() {
        try (RedisServer redis = RedisServer.start("users-cookie");
             ServerProcess java = ServerProcess.java("cookie-users", Map.of("SECRET_KEY", "users-secret-0123456789",
                     "SESSION_TRACK_USERS", "true", "SESSION_REDIS", redis.url()))) {
            String captured = signIn(java, "ann", "session");
            assertTrue(Http.get(java.url("/api/session"), captured).body().contains("ann"));
            Http.Reply listed = Http.get(java.url("/api/users/ann/sessions"), null);
            assertEquals(409, listed.status(), "cookies live in browsers and cannot be listed");
            assertEquals(204, Http.send("DELETE", java.url("/api/users/ann/sessions"), null, null).status());
            Http.Reply replay = Http.get(java.url("/api/session"), captured);
            assertEquals(200, replay.status());
            assertEquals("{}", replay.body(), "the replayed cookie opens empty");
            ServerProcess.sleep(1100);
            String again = signIn(java, "ann", "session");
            assertTrue(Http.get(java.url("/api/session"), again).body().contains("ann"), "signing in again works");
        }
    }

    @Test
    void withoutAnywhereToRecordItSignOutEverywhereSaysWhatToConfigure() {
        try (ServerProcess java = ServerProcess.java("cookie-users-nostore", Map.of("SECRET_KEY",
                "users-secret-0123456789", "SESSION_TRACK_USERS", "true"))) {
            Http.Reply r = Http.send("DELETE", java.url("/api/users/ann/sessions"), null, null);
            assertEquals(409, r.status());
            assertTrue(r.body().contains("SESSION_REDIS") && r.body().contains("SignOutStore"), r.body());
        }
    }
}
