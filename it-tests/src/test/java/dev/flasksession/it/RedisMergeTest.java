package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code SESSION_SAVE_STRATEGY}: concurrent requests of one user on real Redis, merged or last-write-wins. */
class RedisMergeTest {
    private static Map<String, String> env(RedisServer redis, String strategy) {
        Map<String, String> env = new HashMap<>(Map.of("SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(),
                "SECRET_KEY", "redis-merge-secret-0123", "SESSION_SAVE_STRATEGY", strategy));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(ServerProcess server, String cookie) throws Exception {
        Http.Reply r = Http.get(server.url("/api/session"), cookie);
        assertEquals(200, r.status(), r.body());
        return new ObjectMapper().readValue(r.body(), Map.class);
    }

    private static String newSession(ServerProcess server, String key) {
        return "session=" + Http.send("PUT", server.url("/api/session/" + key), null, "1").cookie("session").orElseThrow();
    }

    /**
     * Merge with {@code SESSION_DETECT_NESTED_CHANGES}: a slow request that both sets a key and appends in place to a
     * list keeps both when another request saved meanwhile; the put must not hide the in-place change from the merge.
     */
    @Test
    void anInPlaceChangeNextToAPutIsMerged() throws Exception {
        Map<String, String> settings = new HashMap<>();
        try (RedisServer redis = RedisServer.start("merge-nested-and-put")) {
            settings.putAll(env(redis, "merge"));
            settings.put("SESSION_DETECT_NESTED_CHANGES", "true");
            try (ServerProcess java = ServerProcess.java("redis-merge-nested-and-put", settings)) {
                String cookie = "session=" + Http.send("POST", java.url("/test/nested/items/a"), null, null)
                        .cookie("session").orElseThrow();
                CompletableFuture<Http.Reply> both = CompletableFuture.supplyAsync(() -> Http.send("POST",
                        java.url("/test/put-and-nested/items/b?ms=1500"), cookie, null));
                ServerProcess.sleep(500);
                assertEquals(204, Http.send("PUT", java.url("/api/session/other"), cookie, "1").status());
                assertEquals("2", both.join().body());
                Map<String, Object> stored = read(java, cookie);
                assertEquals(1, stored.get("other"), "the concurrent write is kept: " + stored);
                assertEquals(List.of("a", "b"), stored.get("items"), "the in-place append is kept: " + stored);
                assertEquals(true, stored.get("put_too"), stored.toString());
            }
        }
    }

    @Test
    void fiftyConcurrentWritersOnOneSessionLoseNothingWithMerge() throws Exception {
        try (RedisServer redis = RedisServer.start("merge-fifty");
             ServerProcess java = ServerProcess.java("redis-merge-fifty", env(redis, "merge"))) {
            String cookie = newSession(java, "seed");
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String key = "k" + i;
                    statuses.add(pool.submit(() -> Http.send("PUT", java.url("/api/session/" + key), cookie, "1").status()));
                }
                for (Future<Integer> status : statuses) {
                    assertEquals(204, status.get());
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Object> stored = read(java, cookie);
            for (int i = 0; i < 50; i++) {
                assertEquals(1, stored.get("k" + i), "k" + i + " was lost: " + stored.keySet());
            }
            assertEquals(1, stored.get("seed"));
        }
    }

    /**
     * A slow request opens the session, a fast one opens it after and saves first; then the slow one saves. With
     * {@code overwrite} the slow one's whole session replaces the fast one's change, as in Flask-Session.
     */
    @Test
    void overwriteIsLastWriteWinsAndMergeKeepsBothWrites() throws Exception {
        for (String strategy : List.of("overwrite", "merge")) {
            try (RedisServer redis = RedisServer.start("merge-vs-" + strategy);
                 ServerProcess java = ServerProcess.java("redis-" + strategy, env(redis, strategy))) {
                String cookie = newSession(java, "seed");
                CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(
                        () -> Http.send("PUT", java.url("/test/slow/slow?ms=1500"), cookie, "1").status());
                ServerProcess.sleep(500);
                assertEquals(204, Http.send("PUT", java.url("/api/session/fast"), cookie, "1").status());
                assertEquals(204, slow.get());
                Map<String, Object> stored = read(java, cookie);
                assertTrue(stored.containsKey("slow"), strategy + ": " + stored);
                if (strategy.equals("merge")) {
                    assertTrue(stored.containsKey("fast"), "merge keeps the other request's write: " + stored);
                } else {
                    assertFalse(stored.containsKey("fast"), "overwrite: the last save wins, as documented: " + stored);
                }
            }
        }
    }

    @Test
    void aClearAgainstConcurrentWritersNeverLeavesOldStateBehind() throws Exception {
        try (RedisServer redis = RedisServer.start("merge-clear");
             ServerProcess java = ServerProcess.java("redis-merge-clear", env(redis, "merge"))) {
            for (int round = 0; round < 3; round++) {
                String cookie = newSession(java, "old0");
                for (int i = 1; i < 5; i++) {
                    assertEquals(204, Http.send("PUT", java.url("/api/session/old" + i), cookie, "1").status());
                }
                ExecutorService pool = Executors.newFixedThreadPool(21);
                try {
                    List<Future<Integer>> writes = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        String key = "new" + i;
                        writes.add(pool.submit(() -> Http.send("PUT", java.url("/api/session/" + key), cookie, "1").status()));
                        if (i == 10) {
                            writes.add(pool.submit(() -> Http.send("DELETE", java.url("/api/session"), cookie, null).status()));
                        }
                    }
                    for (Future<Integer> w : writes) {
                        assertEquals(204, w.get());
                    }
                } finally {
                    pool.shutdownNow();
                }
                Map<String, Object> stored = read(java, cookie);
                for (int i = 0; i < 5; i++) {
                    assertFalse(stored.containsKey("old" + i), "old state mixed with the clear: " + stored.keySet());
                }
            }
        }
    }

    @Test
    void nestedChangesAreSavedOnlyWithDetection() throws Exception {
        for (String detect : List.of("false", "true")) {
            try (RedisServer redis = RedisServer.start("nested-" + detect)) {
                Map<String, String> env = env(redis, "overwrite");
                env.put("SESSION_DETECT_NESTED_CHANGES", detect);
                try (ServerProcess java = ServerProcess.java("redis-nested-" + detect, env)) {
                    Http.Reply first = Http.send("POST", java.url("/test/nested/cart/a"), null, null);
                    String cookie = "session=" + first.cookie("session").orElseThrow();
                    assertEquals("2", Http.send("POST", java.url("/test/nested/cart/b"), cookie, null).body());
                    Object cart = read(java, cookie).get("cart");
                    assertEquals(detect.equals("true") ? List.of("a", "b") : List.of("a"), cart,
                            "SESSION_DETECT_NESTED_CHANGES=" + detect);
                }
            }
        }
    }

    /**
     * Merge with {@code SESSION_DETECT_NESTED_CHANGES}: a slow request appends to a list in place (no put) while a
     * fast one changes another key; the slow save writes the list, not its stale copy of the other key. The same for
     * a slow {@code markModified()} that changed nothing, which still writes when alone.
     */
    @Test
    void aDetectedOrMarkedChangeWritesOnlyTheKeysWhoseValuesDiffer() throws Exception {
        try (RedisServer redis = RedisServer.start("merge-differing")) {
            Map<String, String> env = env(redis, "merge");
            env.put("SESSION_DETECT_NESTED_CHANGES", "true");
            try (ServerProcess java = ServerProcess.java("redis-merge-differing", env)) {
                String cookie = "session=" + Http.send("POST", java.url("/test/nested/cart/a"), null, null)
                        .cookie("session").orElseThrow();
                assertEquals(204, Http.send("PUT", java.url("/api/session/seen"), cookie, "1").status());

                CompletableFuture<Integer> append = CompletableFuture.supplyAsync(() -> Http.send("POST",
                        java.url("/test/slow-nested/cart/b?ms=1500"), cookie, null).status());
                ServerProcess.sleep(500);
                assertEquals(204, Http.send("PUT", java.url("/api/session/seen"), cookie, "2").status());
                assertEquals(200, append.get());
                Map<String, Object> stored = read(java, cookie);
                assertEquals(List.of("a", "b"), stored.get("cart"), "the change inside the list: " + stored);
                assertEquals(2, stored.get("seen"), "the other request's newer value: " + stored);

                CompletableFuture<Integer> touch = CompletableFuture.supplyAsync(() -> Http.send("POST",
                        java.url("/test/slow-touch?ms=1500"), cookie, null).status());
                ServerProcess.sleep(500);
                assertEquals(204, Http.send("PUT", java.url("/api/session/seen"), cookie, "3").status());
                assertEquals(204, touch.get());
                assertEquals(3, read(java, cookie).get("seen"), "markModified() wrote a stale copy");

                assertEquals(1L, redis.commandsDuring(() -> Http.send("POST", java.url("/test/slow-touch?ms=0"),
                        cookie, null)).get("eval"), "markModified() alone still writes, as in Flask");
            }
        }
    }

    /**
     * A session stored in JSON, opened where msgpack is written with {@code SESSION_DETECT_NESTED_CHANGES}: a
     * request that changes nothing writes nothing, though the bytes differ, even for values JSON cannot tell apart
     * from others (a tuple, bytes).
     */
    @Test
    void aValueReadInTheOtherFormatIsNoChange() {
        for (String strategy : List.of("overwrite", "merge")) {
            try (RedisServer redis = RedisServer.start("other-format-" + strategy);
                 Jedis jedis = redis.client()) {
                Map<String, String> jsonEnv = env(redis, strategy);
                jsonEnv.put("SESSION_SERIALIZATION_FORMAT", "json");
                String sid;
                try (ServerProcess json = ServerProcess.java("redis-json-" + strategy, jsonEnv)) {
                    sid = Http.send("PUT", json.url("/api/session/pair"), null, "{\" t\":[1,2]}").cookie("session")
                            .orElseThrow();
                    assertEquals(204, Http.send("PUT", json.url("/api/session/raw"), "session=" + sid,
                            "{\" b\":\"AP9yYXc=\"}").status());
                    assertEquals(204, Http.send("PUT", json.url("/api/session/cart"), "session=" + sid,
                            "{\"items\":[{\"sku\":\"A1\",\"qty\":2.5}]}").status());
                }
                byte[] key = ("session:" + sid).getBytes(StandardCharsets.UTF_8);
                byte[] stored = jedis.get(key);
                assertEquals('{', stored[0], "stored as JSON");
                Map<String, String> msgpackEnv = env(redis, strategy);
                msgpackEnv.put("SESSION_DETECT_NESTED_CHANGES", "true");
                try (ServerProcess msgpack = ServerProcess.java("redis-msgpack-" + strategy, msgpackEnv)) {
                    assertEquals(Map.of("getex", 1L), redis.commandsDuring(() -> assertEquals(200,
                            Http.get(msgpack.url("/api/session"), "session=" + sid).status())), strategy);
                    assertArrayEquals(stored, jedis.get(key), strategy + ": rewritten though nothing changed");
                }
            }
        }
    }
}
