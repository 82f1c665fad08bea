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
import java.util.function.Supplier;
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

    /**
     * A move whose index update fails after the old key is gone keeps the new id's cookie: without it the client
     * would name a deleted key. Redis refuses {@code HSETNX} here (an ACL), so only the index write fails.
     */
    @Test
    void aFailedIndexUpdateAfterAMoveKeepsTheNewCookie() {
        try (RedisServer redis = RedisServer.start("regenerate-index-failure");
             Jedis jedis = redis.client()) {
            for (String strategy : List.of("merge", "overwrite")) {
                jedis.aclSetUser("default", "on", "nopass", "~*", "&*", "+@all");
                try (ServerProcess java = ServerProcess.java("redis-regenerate-index-" + strategy, Map.of(
                        "SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(), "SECRET_KEY", "regenerate-index-secret",
                        "SESSION_SAVE_STRATEGY", strategy, "SESSION_TRACK_USERS", "true"))) {
                    String old = Http.send("PUT", java.url("/api/session/_user_id"), null, "\"ann\"").cookie("session")
                            .orElseThrow();
                    jedis.aclSetUser("default", "-hsetnx");
                    Http.Reply moved = Http.send("POST", java.url("/api/session/regenerate"), "session=" + old, null);
                    assertEquals(204, moved.status(), strategy + ": " + moved.body());
                    String now = moved.cookie("session").orElseThrow();
                    assertNotEquals(old, now);
                    assertEquals("ann", read(java, now).get("_user_id"), strategy + ": the new id holds the session");
                    assertTrue(java.log().contains("its user's index could not be updated"), java.log());
                }
            }
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
                aKeyThatWentMidRequestIsMadeAgainAsFlaskSessionDoes(java, nodes, strategy);
                aSignOutWhoseKeyWentMidRequestDeletesTheCookie(java, nodes, strategy);
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
        Http.Reply[] signIn = new Http.Reply[1];
        Http.Reply lateReply = meanwhile(() -> Http.send("PUT", java.url("/test/slow/late?ms=1500"), "session=" + old,
                "true"), () -> signIn[0] = Http.send("POST", java.url("/api/session/regenerate"), "session=" + old, null));
        assertEquals(204, signIn[0].status(), signIn[0].body());
        String now = signIn[0].cookie("session").orElseThrow();
        assertEquals(204, lateReply.status(), lateReply.body());
        assertEquals(Optional.empty(), lateReply.cookie("session"), strategy + ": the late response, whose change went "
                + "nowhere, leaves the cookie alone: a deleting one, handled after the sign-in's, would sign the user out");
        Set<String> keys = storedKeys(nodes);
        assertFalse(keys.contains("session:" + old), strategy + ": the late save brought the old id back: " + keys);
        assertTrue(keys.contains("session:" + now), keys.toString());
        assertEquals("{\"_permanent\":true,\"seed\":1}", Http.get(java.url("/api/session"), "session=" + now).body());
        assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), "session=" + old).body(),
                strategy + ": the old id opens nothing");
    }

    /**
     * The key goes while a request on it runs (its TTL ran out, Redis evicted it, a Flask-Session peer cleared it):
     * nothing of this library ended the id, so the save writes it again, as Flask-Session's plain {@code SET} does,
     * and the change is kept; under merge, from fresh contents plus this request's change.
     */
    private static void aKeyThatWentMidRequestIsMadeAgainAsFlaskSessionDoes(ServerProcess java, List<RedisServer> nodes,
                                                                         String strategy) {
        String sid = newSession(java);
        Http.Reply reply = meanwhile(() -> Http.send("PUT", java.url("/test/slow/kept?ms=1500"), "session=" + sid,
                "true"), () -> deleteEverywhere(nodes, "session:" + sid));
        assertEquals(204, reply.status(), reply.body());
        assertEquals(Optional.of(sid), reply.cookie("session"), strategy + ": " + reply.setCookies());
        Map<String, Object> stored = read(java, sid);
        assertEquals("true", stored.get("kept"), strategy + ": the change is stored: " + stored);
        if (strategy.equals("overwrite")) {
            assertEquals(Map.of("_permanent", true, "seed", 1, "kept", "true"), stored, "Flask-Session's whole save");
        }
    }

    /** A sign-out (clear) whose key went mid-request still deletes the cookie: the client is signed out. */
    private static void aSignOutWhoseKeyWentMidRequestDeletesTheCookie(ServerProcess java, List<RedisServer> nodes,
                                                                      String strategy) {
        String sid = newSession(java);
        Http.Reply reply = meanwhile(() -> Http.send("POST", java.url("/test/slow-clear?ms=1500"), "session=" + sid,
                null), () -> deleteEverywhere(nodes, "session:" + sid));
        assertEquals(204, reply.status(), reply.body());
        assertEquals(Optional.of(""), reply.cookie("session"), strategy + ": " + reply.setCookies());
        assertFalse(storedKeys(nodes).contains("session:" + sid));
    }

    /** @return the reply to a slow request, once {@code other} ran while that request waited to be saved */
    private static Http.Reply meanwhile(Supplier<Http.Reply> slow, Runnable other) {
        CompletableFuture<Http.Reply> reply = CompletableFuture.supplyAsync(slow);
        ServerProcess.sleep(500);
        other.run();
        return reply.join();
    }

    /** Deletes a key on whichever node holds it: the others answer MOVED. */
    private static void deleteEverywhere(List<RedisServer> nodes, String key) {
        for (RedisServer node : nodes) {
            try (Jedis j = node.client()) {
                j.del(key);
            } catch (redis.clients.jedis.exceptions.JedisDataException movedElsewhere) {
                // Not this node's slot.
            }
        }
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
