package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code regenerate()} (a sign-in) racing other requests of the same user, on a real redis-server and on a real
 * 3-master Cluster, where the old and the new id's keys lie in different slots: a change saved on the old id while
 * the sign-in runs is carried over to the new id ({@code merge}), a late request on the old id does not bring it back
 * (either strategy), and the old key is gone.
 */
class RedisRegenerateTest {
    @Test
    void onStandaloneRedis() {
        try (RedisServer redis = RedisServer.start("regenerate-race")) {
            raceSignIns(List.of(redis), Map.of("SESSION_REDIS", redis.url()), "standalone");
        }
    }

    @Test
    void onACluster() {
        try (RedisTopology cluster = RedisTopology.cluster("regenerate-race-cluster")) {
            raceSignIns(cluster.servers(), Map.of("SESSION_REDIS_CLUSTER", cluster.clusterAddresses()), "cluster");
        }
    }

    private static void raceSignIns(List<RedisServer> nodes, Map<String, String> connection, String topology) {
        for (String strategy : List.of("merge", "overwrite")) {
            Map<String, String> env = new HashMap<>(connection);
            env.putAll(Map.of("SESSION_TYPE", "redis", "SECRET_KEY", "regenerate-race-secret",
                    "SESSION_SAVE_STRATEGY", strategy));
            try (ServerProcess java = ServerProcess.java("redis-regenerate-" + topology + "-" + strategy, env)) {
                if (strategy.equals("merge")) {
                    aChangeSavedOnTheOldIdDuringTheMoveIsCarriedOver(java, nodes);
                }
                aLateRequestOnTheOldIdDoesNotRecreateIt(java, nodes, strategy);
            }
        }
    }

    private static void aChangeSavedOnTheOldIdDuringTheMoveIsCarriedOver(ServerProcess java, List<RedisServer> nodes) {
        String old = newSession(java);
        CompletableFuture<Http.Reply> signIn = CompletableFuture.supplyAsync(() -> Http.send("PUT",
                java.url("/test/slow-regenerate/user?ms=1500"), "session=" + old, "ann"));
        ServerProcess.sleep(500);
        assertEquals(204, Http.send("PUT", java.url("/api/session/cart"), "session=" + old, "[1]").status());
        Http.Reply moved = signIn.join();
        assertEquals(204, moved.status(), moved.body());
        String now = moved.cookie("session").orElseThrow();
        assertNotEquals(old, now);
        assertEquals(Map.of("_permanent", true, "seed", 1, "cart", List.of(1), "user", "ann"), read(java, now),
                "the cart saved on the old id while the sign-in ran moved with it");
        Set<String> keys = storedKeys(nodes);
        assertFalse(keys.contains("session:" + old), "the old key is gone: " + keys);
        assertTrue(keys.contains("session:" + now), keys.toString());
    }

    private static void aLateRequestOnTheOldIdDoesNotRecreateIt(ServerProcess java, List<RedisServer> nodes,
                                                                 String strategy) {
        String old = newSession(java);
        CompletableFuture<Http.Reply> late = CompletableFuture.supplyAsync(() -> Http.send("PUT",
                java.url("/test/slow/late?ms=1500"), "session=" + old, "true"));
        ServerProcess.sleep(500);
        Http.Reply signIn = Http.send("POST", java.url("/api/session/regenerate"), "session=" + old, null);
        assertEquals(204, signIn.status(), signIn.body());
        String now = signIn.cookie("session").orElseThrow();
        Http.Reply lateReply = late.join();
        assertEquals(204, lateReply.status(), lateReply.body());
        assertEquals(Optional.empty(), lateReply.cookie("session"),
                strategy + ": the late response leaves the client's cookie (maybe the new id already) alone");
        Set<String> keys = storedKeys(nodes);
        assertFalse(keys.contains("session:" + old), strategy + ": the late save brought the old id back: " + keys);
        assertTrue(keys.contains("session:" + now), keys.toString());
        assertEquals("{\"_permanent\":true,\"seed\":1}", Http.get(java.url("/api/session"), "session=" + now).body());
        assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), "session=" + old).body(),
                strategy + ": the old id opens nothing");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(ServerProcess java, String sid) {
        Http.Reply r = Http.get(java.url("/api/session"), "session=" + sid);
        assertEquals(200, r.status(), r.body());
        try {
            return new ObjectMapper().readValue(r.body(), Map.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static String newSession(ServerProcess java) {
        return Http.send("PUT", java.url("/api/session/seed"), null, "1").cookie("session").orElseThrow();
    }

    /** @return the session keys on every node: a Cluster node lists only the keys of its own slots */
    private static Set<String> storedKeys(List<RedisServer> nodes) {
        Set<String> keys = new HashSet<>();
        for (RedisServer node : nodes) {
            try (Jedis j = node.client()) {
                keys.addAll(j.keys("session:*"));
            }
        }
        return keys;
    }
}
