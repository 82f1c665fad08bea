package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.store.SerializationFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Round trips counted on the server, regeneration, and a Redis outage, all against a real redis-server. */
class RedisBehaviourTest {
    private static Map<String, String> env(RedisServer redis, boolean refresh) {
        return Map.of("SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(), "SECRET_KEY", "redis-behaviour-secret",
                "SESSION_REFRESH_EACH_REQUEST", Boolean.toString(refresh), "PERMANENT_SESSION_LIFETIME", "600",
                "SESSION_REDIS_RETRY_AFTER", "7");
    }

    @Test
    void eachCaseSendsTheFewestCommands() {
        try (RedisServer redis = RedisServer.start("counts");
             ServerProcess refreshing = ServerProcess.java("redis-counts-refresh", env(redis, true));
             ServerProcess still = ServerProcess.java("redis-counts-norefresh", env(redis, false))) {
            String[] cookie = new String[1];

            assertEquals(Map.of(), redis.commandsDuring(() -> Http.get(refreshing.url("/api/session"), null)),
                    "a request without a cookie costs nothing");
            assertEquals(Map.of("set", 1L), redis.commandsDuring(() -> cookie[0] = "session="
                    + Http.send("PUT", refreshing.url("/api/session/a"), null, "1").cookie("session").orElseThrow()),
                    "a new session is one SET");
            assertEquals(Map.of("getex", 1L), redis.commandsDuring(() -> Http.get(refreshing.url("/api/session"), cookie[0])),
                    "an unmodified session with refresh renews its TTL on open and is never rewritten");
            // Flask-Session's SET, in a script that first checks the id was not ended on purpose meanwhile.
            assertEquals(Map.of("getex", 1L, "eval", 1L, "get", 1L, "set", 1L), redis.commandsDuring(
                    () -> Http.send("PUT", refreshing.url("/api/session/b"), cookie[0], "2")),
                    "a modified session is one open and one SET, checked against the tombstone in the same step");
            assertEquals(Map.of("get", 1L), redis.commandsDuring(() -> Http.get(still.url("/api/session"), cookie[0])),
                    "without refresh, an unmodified session is one GET and nothing more");
            assertEquals(Map.of("get", 2L, "eval", 1L, "set", 1L), redis.commandsDuring(
                    () -> Http.send("PUT", still.url("/api/session/c"), cookie[0], "3")));
            assertEquals(Map.of("getex", 1L, "set", 1L, "del", 1L), redis.commandsDuring(
                    () -> Http.send("DELETE", refreshing.url("/api/session"), cookie[0], null)),
                    "an emptied session is one DEL, after the tombstone that keeps late saves from bringing it back");
        }
    }

    @Test
    void regenerateMovesTheDataToANewId() {
        try (RedisServer redis = RedisServer.start("regenerate");
             ServerProcess java = ServerProcess.java("redis-regenerate", env(redis, true));
             Jedis jedis = redis.client()) {
            Http.Reply refused = Http.get(java.url("/test/members"), null);
            assertEquals(401, refused.status());
            assertEquals(Optional.of("Cookie"), refused.vary(), "a page gated on the session varies on Cookie");
            String before = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            Http.Reply allowed = Http.get(java.url("/test/members"), "session=" + before);
            assertEquals(200, allowed.status());
            assertEquals(Optional.of("Cookie"), allowed.vary());
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
            String pickled = Interop.idShaped("old-pickled-id");
            jedis.set(("session:" + pickled).getBytes(StandardCharsets.UTF_8),
                    HexFormat.of().parseHex("80049510000000000000007d948c07757365725f6964944b01732e"));
            Http.Reply r = Http.send("PUT", java.url("/api/session/a"), "session=" + pickled, "1");
            assertEquals(204, r.status());
            String fresh = r.cookie("session").orElseThrow();
            assertNotEquals(pickled, fresh);
            assertEquals("{\"_permanent\":true,\"a\":1}", Http.get(java.url("/api/session"), "session=" + fresh).body());
            assertTrue(java.log().contains("never deserialized"), java.log());

            // msgpack {"dt": <timestamp beyond year 9999>}: a value msgspec refuses, so a fresh session, never a 500
            String badTimestamp = Interop.idShaped("bad-timestamp-id");
            jedis.set(("session:" + badTimestamp).getBytes(StandardCharsets.UTF_8),
                    HexFormat.of().parseHex("81a26474c70cff000000007fffffffffffffff"));
            Http.Reply bad = Http.get(java.url("/api/session"), "session=" + badTimestamp);
            assertEquals(200, bad.status(), bad.body());
            assertEquals("{\"_permanent\":true}", bad.body());
            assertFalse(java.log().contains("bad-timestamp-id"), "no session id in the log");

            // A value beyond SESSION_MAX_PAYLOAD_BYTES (1 MiB by default) is not decoded at all.
            String huge = Interop.idShaped("huge-id");
            jedis.set(("session:" + huge).getBytes(StandardCharsets.UTF_8), new byte[(1 << 20) + 1]);
            Http.Reply hugeReply = Http.get(java.url("/api/session"), "session=" + huge);
            assertEquals(200, hugeReply.status());
            assertEquals("{\"_permanent\":true}", hugeReply.body());
            assertTrue(java.log().contains("more than SESSION_MAX_PAYLOAD_BYTES"), java.log());
        }
    }

    /** A value beyond a payload cap of {@value #CAP} bytes, that would otherwise read as a session of ann's. */
    private static final int CAP = 1024;

    private static byte[] oversizedSessionOfAnn() {
        Map<String, Object> oversized = new LinkedHashMap<>();
        oversized.put("_permanent", true);
        oversized.put("_user_id", "ann");
        oversized.put("intruder", 1L);
        oversized.put("pad", "x".repeat(2 * CAP));
        return SerializationFormat.MSGPACK.encode(oversized);
    }

    private static Map<String, String> cappedEnv(RedisServer redis, String... more) {
        Map<String, String> settings = new HashMap<>(env(redis, true));
        settings.put("SESSION_MAX_PAYLOAD_BYTES", Integer.toString(CAP));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /**
     * The merge retry reads what another request stored, with the same cap as opening: a slow request opens the
     * session, another writer (a Flask peer whose session legitimately grew) stores an oversized value, and the slow
     * request's compare-and-set meets it. That value is never overwritten: the request gets a 503, as a conflict.
     */
    @Test
    void theMergeRetryKeepsThePayloadCap() throws Exception {
        try (RedisServer redis = RedisServer.start("payload-cap-merge");
             ServerProcess java = ServerProcess.java("redis-payload-cap-merge", cappedEnv(redis,
                     "SESSION_SAVE_STRATEGY", "merge", "SESSION_REDIS_RETRY_AFTER", "4"));
             Jedis jedis = redis.client()) {
            String cookie = "session=" + Http.send("PUT", java.url("/api/session/seed"), null, "1")
                    .cookie("session").orElseThrow();
            byte[] key = ("session:" + cookie.substring("session=".length())).getBytes(StandardCharsets.UTF_8);
            CompletableFuture<Http.Reply> slow = CompletableFuture.supplyAsync(
                    () -> Http.send("PUT", java.url("/test/slow/slow?ms=3000"), cookie, "1"));
            ServerProcess.sleep(1000);
            byte[] large = oversizedSessionOfAnn();
            jedis.setex(key, 600, large);
            Http.Reply reply = slow.get();
            assertEquals(503, reply.status(), reply.body());
            assertEquals(Optional.of("4"), reply.raw().headers().firstValue("Retry-After"));
            assertArrayEquals(large, jedis.get(key), "the peer's large session is left as it is");
            assertTrue(java.log().contains("more than SESSION_MAX_PAYLOAD_BYTES"), java.log());
        }
    }

    /** The user index reads each session, with the same cap as opening: an oversized one is no live session. */
    @Test
    void theUserIndexKeepsThePayloadCap() {
        try (RedisServer redis = RedisServer.start("payload-cap-users");
             ServerProcess java = ServerProcess.java("redis-payload-cap-users", cappedEnv(redis,
                     "SESSION_TRACK_USERS", "true"));
             Jedis jedis = redis.client()) {
            String ann = Http.send("PUT", java.url("/api/session/_user_id"), null, "\"ann\"").cookie("session")
                    .orElseThrow();
            assertEquals(1, jedis.hlen("session:user:ann"));
            jedis.setex(("session:" + ann).getBytes(StandardCharsets.UTF_8), 600, oversizedSessionOfAnn());
            Http.Reply devices = Http.get(java.url("/api/users/ann/sessions"), null);
            assertEquals(200, devices.status(), devices.body());
            assertEquals("[]", devices.body(), "an oversized value is no live session");
            assertTrue(java.log().contains("more than SESSION_MAX_PAYLOAD_BYTES"), java.log());
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
            String log = java.log();
            assertTrue(log.contains("Redis refused a session command (OOM"), "a refusal is named as such:\n" + log);
            assertFalse(log.contains("Redis is unavailable"), "a refused command is not an outage:\n" + log);
            assertFalse(log.contains(cookie.substring("session=".length())), "no session id in the log");
        }
    }

    @Test
    void aFailedRegenerateLeavesTheOldSessionReadable() {
        try (RedisServer redis = RedisServer.start("failed-regenerate");
             ServerProcess java = ServerProcess.java("redis-failed-regenerate", env(redis, false));
             Jedis admin = redis.client()) {
            String sid = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            admin.configSet("maxmemory", "1");
            admin.configSet("maxmemory-policy", "noeviction");
            try {
                Http.Reply r = Http.send("POST", java.url("/api/session/regenerate"), "session=" + sid, null);
                assertEquals(503, r.status(), r.body());
                assertEquals(List.of(), r.setCookies());
            } finally {
                admin.configSet("maxmemory", "0");
            }
            assertTrue(admin.exists("session:" + sid), "the old key is still there");
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", Http.get(java.url("/api/session"), "session=" + sid).body());
        }
    }

    @Test
    void redisWithoutGetexIsServedInOneRoundTripAndNoIdInTheLog() {
        try (RedisServer redis = RedisServer.start("no-getex", "--rename-command", "GETEX", "");
             ServerProcess java = ServerProcess.java("redis-no-getex", env(redis, true));
             Jedis admin = redis.client()) {
            String sid = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            admin.expire("session:" + sid, 100);
            for (int i = 0; i < 3; i++) {
                Http.Reply r = Http.get(java.url("/api/session"), "session=" + sid);
                assertEquals(200, r.status(), r.body());
                assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", r.body());
            }
            assertTrue(admin.ttl("session:" + sid) > 500, "the TTL was renewed to the lifetime");
            assertEquals(Map.of("get", 1L, "expire", 1L),
                    redis.commandsDuring(() -> Http.get(java.url("/api/session"), "session=" + sid)),
                    "once detected, GET and EXPIRE pipelined in one round trip, and no GETEX tried again");
            String log = java.log();
            assertEquals(1, log.split("has no GETEX", -1).length - 1, "detected once:\n" + log);
            assertFalse(log.contains(sid), "no session id in the log:\n" + log);
            assertFalse(log.contains("Redis is unavailable"), log);
        }
    }

    @Test
    void idsOfTheLongestAcceptedLengthAreLookedUp() {
        try (RedisServer redis = RedisServer.start("long-ids")) {
            for (Map<String, String> extra : List.of(Map.of("SESSION_ID_LENGTH", "384"),
                    Map.of("SESSION_ID_LENGTH", "363", "SESSION_USE_SIGNER", "true"))) {
                Map<String, String> settings = new HashMap<>(env(redis, true));
                settings.putAll(extra);
                try (ServerProcess java = ServerProcess.java("redis-long-ids", settings)) {
                    String cookie = "session=" + Http.send("PUT", java.url("/api/session/n"), null, "1").cookie("session").orElseThrow();
                    assertEquals("{\"_permanent\":true,\"n\":1}", Http.get(java.url("/api/session"), cookie).body(), extra.toString());
                }
            }
        }
    }

    @Test
    void aPasswordWithReservedCharactersWorksPercentEncodedAndNeverShows() {
        String password = "Zm9v/YmFy+c2VjcmV0@x:y";
        try (RedisServer redis = RedisServer.start("password")) {
            try (Jedis admin = redis.client()) {
                admin.configSet("requirepass", password);
            }
            Map<String, String> settings = new HashMap<>(env(redis, true));
            settings.put("SESSION_REDIS", "redis://default:" + java.net.URLEncoder.encode(password,
                    StandardCharsets.UTF_8).replace("+", "%20") + "@" + redis.address() + "/0");
            try (ServerProcess java = ServerProcess.java("redis-password", settings)) {
                String cookie = "session=" + Http.send("PUT", java.url("/api/session/n"), null, "1").cookie("session").orElseThrow();
                assertEquals("{\"_permanent\":true,\"n\":1}", Http.get(java.url("/api/session"), cookie).body());
                for (String part : List.of("Zm9v", "YmFy", "c2VjcmV0", "Zm9v%2F")) {
                    assertFalse(java.log().contains(part), "the log shows part of the password:\n" + java.log());
                }
            }
            settings.put("SESSION_REDIS", "redis://default:" + password + "@" + redis.address() + "/0");
            ServerProcess refused = ServerProcess.startJava("redis-password-raw", settings);
            assertEquals(1, refused.awaitExit(java.time.Duration.ofSeconds(60)));
            String log = refused.log();
            assertTrue(log.contains("SESSION_REDIS") && log.contains("percent-encoded"), log);
            for (String part : List.of("Zm9v", "YmFy", "c2VjcmV0")) {
                assertFalse(log.contains(part), "the failed start shows part of the password:\n" + log);
            }
        }
    }

    @Test
    void aLifetimeRedisRefusesFailsTheStartNamingTheSetting() {
        try (RedisServer redis = RedisServer.start("zero-lifetime")) {
            Map<String, String> settings = new HashMap<>(env(redis, true));
            settings.put("PERMANENT_SESSION_LIFETIME", "0");
            ServerProcess refused = ServerProcess.startJava("redis-zero-lifetime", settings);
            assertEquals(1, refused.awaitExit(java.time.Duration.ofSeconds(60)));
            assertTrue(refused.log().contains("PERMANENT_SESSION_LIFETIME"), refused.log());
        }
    }
}
