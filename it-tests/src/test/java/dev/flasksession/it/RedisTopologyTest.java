package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis backend on a 3-master Redis Cluster and on Sentinel with a failover, all started here on loopback. */
class RedisTopologyTest {
    /**
     * @param java  the server
     * @param count how many sessions to write
     * @return each session's {@code Cookie} header, with the JSON it must read back
     */
    static Map<String, String> writeSessions(Target java, int count) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Http.Reply r = Http.send("PUT", java.url("/api/session/n"), null, Integer.toString(i));
            assertEquals(204, r.status(), r.body());
            cookies.put("session=" + r.cookie("session").orElseThrow(), "{\"_permanent\":true,\"n\":" + i + "}");
        }
        return cookies;
    }

    @Test
    void clusterOfThreeMastersServesSessions() {
        try (RedisTopology cluster = RedisTopology.cluster("cluster");
             ServerProcess java = ServerProcess.java("redis-cluster", Map.of("SESSION_TYPE", "redis",
                     "SESSION_REDIS_CLUSTER", cluster.clusterAddresses(), "SECRET_KEY", "cluster-secret"))) {
            Map<String, String> sessions = writeSessions(java, 12);
            sessions.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
            long nodesWithKeys = cluster.servers().stream().filter(n -> {
                try (Jedis j = n.client()) {
                    return j.dbSize() > 0;
                }
            }).count();
            assertTrue(nodesWithKeys >= 2, "sessions are spread over the masters: " + nodesWithKeys);
        }
    }

    @Test
    void sentinelFailoverKeepsReplicatedSessions() {
        try (RedisTopology set = RedisTopology.sentinel("sentinel");
             ServerProcess java = ServerProcess.java("redis-sentinel", Map.of("SESSION_TYPE", "redis",
                     "SESSION_REDIS_SENTINELS", set.sentinelAddresses(),
                     "SESSION_REDIS_SENTINEL_MASTER", RedisTopology.MASTER_NAME, "SECRET_KEY", "sentinel-secret",
                     "SESSION_REDIS_SOCKET_TIMEOUT", "1000", "SESSION_REDIS_CONNECT_TIMEOUT", "1000"))) {
            Map<String, String> sessions = writeSessions(java, 5);
            try (Jedis m = set.master().client()) {
                assertTrue(m.waitReplicas(1, 5000) >= 1, "written sessions reached the replica");
            }
            set.master().kill();
            set.awaitMasterIs(set.replica());
            String firstCookie = sessions.keySet().iterator().next();
            RedisTopology.await("sessions served by the new master", () ->
                    Http.get(java.url("/api/session"), firstCookie).status() == 200);
            sessions.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
            Http.Reply write = Http.send("PUT", java.url("/api/session/after"), firstCookie, "true");
            assertEquals(204, write.status(), "the new master takes writes");
        }
    }
}
