package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Round trips counted on the server, regeneration, and a Redis outage, all against a real redis-server. */
class RedisBehaviourTest {
    private static Map<String, String> env(RedisServer redis, boolean refresh) {
        return Map.of("SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(), "SECRET_KEY", "redis-behaviour-secret",
                "SESSION_REFRESH_EACH_REQUEST", Boolean.toString(refresh), "PERMANENT_SESSION_LIFETIME", "600",
                "SESSION_REDIS_RETRY_AFTER", "7");
    }

    /** Commands the server received while {@code request} ran, {@code info} (ours) left out. */
    private static Map<String, Long> commandsDuring(RedisServer redis, Runnable request) {
        Map<String, Long> before = redis.commandCalls();
        request.run();
        Map<String, Long> after = redis.commandCalls();
        Map<String, Long> delta = new HashMap<>();
        after.forEach((cmd, n) -> {
            long d = n - before.getOrDefault(cmd, 0L);
            if (d > 0 && !cmd.equals("info")) {
                delta.put(cmd, d);
            }
        });
        return delta;
    }

    @Test
    void eachCaseSendsTheFewestCommands() {
        try (RedisServer redis = RedisServer.start("counts");
             ServerProcess refreshing = ServerProcess.java("redis-counts-refresh", env(redis, true));
             ServerProcess still = ServerProcess.java("redis-counts-norefresh", env(redis, false))) {
            String[] cookie = new String[1];

            assertEquals(Map.of(), commandsDuring(redis, () -> Http.get(refreshing.url("/api/session"), null)),
                    "a request without a cookie costs nothing");
            assertEquals(Map.of("set", 1L), commandsDuring(redis, () -> cookie[0] = "session="
                    + Http.send("PUT", refreshing.url("/api/session/a"), null, "1").cookie("session").orElseThrow()),
                    "a new session is one SET");
            assertEquals(Map.of("getex", 1L), commandsDuring(redis, () -> Http.get(refreshing.url("/api/session"), cookie[0])),
                    "an unmodified session with refresh renews its TTL on open and is never rewritten");
            assertEquals(Map.of("getex", 1L, "set", 1L), commandsDuring(redis,
                    () -> Http.send("PUT", refreshing.url("/api/session/b"), cookie[0], "2")),
                    "a modified session is one open and one SET");
            assertEquals(Map.of("get", 1L), commandsDuring(redis, () -> Http.get(still.url("/api/session"), cookie[0])),
                    "without refresh, an unmodified session is one GET and nothing more");
            assertEquals(Map.of("get", 1L, "set", 1L), commandsDuring(redis,
                    () -> Http.send("PUT", still.url("/api/session/c"), cookie[0], "3")));
            assertEquals(Map.of("getex", 1L, "del", 1L), commandsDuring(redis,
                    () -> Http.send("DELETE", refreshing.url("/api/session"), cookie[0], null)),
                    "an emptied session is one DEL");
        }
    }

    @Test
    void regenerateMovesTheDataToANewId() {
        try (RedisServer redis = RedisServer.start("regenerate");
             ServerProcess java = ServerProcess.java("redis-regenerate", env(redis, true));
             Jedis jedis = redis.client()) {
            String before = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            Http.Reply r = Http.send("POST", java.url("/api/session/regenerate"), "session=" + before, null);
            assertEquals(204, r.status());
            String after = r.cookie("session").orElseThrow();
            assertNotEquals(before, after);
            assertFalse(jedis.exists("session:" + before), "the old key is gone");
            assertTrue(jedis.exists("session:" + after));
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", Http.get(java.url("/api/session"), "session=" + after).body());
            assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), "session=" + before).body(),
                    "the old id opens nothing");
        }
    }

    @Test
    void pickledDataIsNeverReadAndGivesAFreshSession() {
        try (RedisServer redis = RedisServer.start("pickle");
             ServerProcess java = ServerProcess.java("redis-pickle", env(redis, true));
             Jedis jedis = redis.client()) {
            // pickle.dumps({"user_id": 1}), as Flask-Session before 0.7 stored sessions
            jedis.set("session:old-pickled-id".getBytes(StandardCharsets.UTF_8),
                    HexFormat.of().parseHex("80049510000000000000007d948c07757365725f6964944b01732e"));
            Http.Reply r = Http.send("PUT", java.url("/api/session/a"), "session=old-pickled-id", "1");
            assertEquals(204, r.status());
            String fresh = r.cookie("session").orElseThrow();
            assertNotEquals("old-pickled-id", fresh);
            assertEquals("{\"_permanent\":true,\"a\":1}", Http.get(java.url("/api/session"), "session=" + fresh).body());
            assertTrue(java.log().contains("never deserialized"), java.log());
        }
    }

    @Test
    void anOutageIsA503ThenTheServiceRecoversWithItsData() {
        try (RedisServer redis = RedisServer.start("outage");
             ServerProcess java = ServerProcess.java("redis-outage", env(redis, true))) {
            String cookie = "session=" + Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"")
                    .cookie("session").orElseThrow();
            redis.stopSaving();

            for (int i = 0; i < 3; i++) {
                Http.Reply down = Http.get(java.url("/api/session"), cookie);
                assertEquals(503, down.status());
                assertEquals(Optional.of("7"), down.raw().headers().firstValue("Retry-After"));
                assertEquals(List.of(), down.setCookies());
            }
            Http.Reply write = Http.send("PUT", java.url("/api/session/user"), cookie, "\"bob\"");
            assertEquals(503, write.status(), "a write while Redis is down is never a silent 2xx");
            assertEquals(200, Http.get(java.url("/api/ping"), null).status(), "requests without a session still work");
            String log = java.log();
            assertEquals(1, log.split("Redis is unavailable", -1).length - 1, "one log line for the outage:\n" + log);
            assertFalse(log.contains("\tat redis.clients"), "no stack trace per request");

            redis.restart();
            Http.Reply back = Http.get(java.url("/api/session"), cookie);
            assertEquals(200, back.status());
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", back.body(), "what was stored survived");
            assertTrue(java.log().contains("Redis is available again"));
        }
    }

    @Test
    void aFailedSaveIsA503AndKeepsTheStoredData() {
        try (RedisServer redis = RedisServer.start("failed-save");
             ServerProcess java = ServerProcess.java("redis-failed-save", env(redis, false));
             Jedis admin = redis.client()) {
            String cookie = "session=" + Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"")
                    .cookie("session").orElseThrow();
            // Reads still work, writes are refused: the save fails after the resource ran.
            admin.configSet("maxmemory", "1");
            admin.configSet("maxmemory-policy", "noeviction");
            try {
                Http.Reply r = Http.send("PUT", java.url("/api/session/user"), cookie, "\"bob\"");
                assertEquals(503, r.status(), r.body());
                assertEquals(List.of(), r.setCookies());
            } finally {
                admin.configSet("maxmemory", "0");
            }
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", Http.get(java.url("/api/session"), cookie).body());
        }
    }
}
