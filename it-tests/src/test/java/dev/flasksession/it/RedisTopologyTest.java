package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis backend on a 3-master Redis Cluster and on Sentinel with a failover, all started here on loopback. */
class RedisTopologyTest {
    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            ServerProcess.sleep(200);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }

    private static Map<String, String> writeSessions(ServerProcess java, int count) {
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
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.start("cluster" + i, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of(RedisServer.binary("redis-cli"), "--cluster", "create"));
            nodes.forEach(n -> create.add(n.address()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create.toArray(String[]::new));
            for (RedisServer n : nodes) {
                await("cluster_state:ok", () -> {
                    try (Jedis j = n.client()) {
                        return j.clusterInfo().contains("cluster_state:ok");
                    }
                });
            }
            String addresses = String.join(",", nodes.stream().map(RedisServer::address).toList());
            try (ServerProcess java = ServerProcess.java("redis-cluster", Map.of("SESSION_TYPE", "redis",
                    "SESSION_REDIS_CLUSTER", addresses, "SECRET_KEY", "cluster-secret"))) {
                Map<String, String> sessions = writeSessions(java, 12);
                sessions.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
                long nodesWithKeys = nodes.stream().filter(n -> {
                    try (Jedis j = n.client()) {
                        return j.dbSize() > 0;
                    }
                }).count();
                assertTrue(nodesWithKeys >= 2, "sessions are spread over the masters: " + nodesWithKeys);
            }
        } finally {
            nodes.forEach(RedisServer::close);
        }
    }

    @Test
    void sentinelFailoverKeepsReplicatedSessions() throws IOException {
        List<RedisServer> servers = new ArrayList<>();
        try {
            RedisServer master = RedisServer.start("sentinel-master");
            servers.add(master);
            RedisServer replica = RedisServer.start("sentinel-replica", "--replicaof", "127.0.0.1", Integer.toString(master.port()));
            servers.add(replica);
            await("replication", () -> {
                try (Jedis j = replica.client()) {
                    return j.info("replication").contains("master_link_status:up");
                }
            });
            List<String> sentinelAddresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = ServerProcess.freePort();
                Path conf = Files.createTempFile("sentinel", ".conf");
                Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nprotected-mode no\n"
                        + "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2\n"
                        + "sentinel down-after-milliseconds mymaster 1000\n"
                        + "sentinel failover-timeout mymaster 5000\n"
                        + "sentinel parallel-syncs mymaster 1\n");
                servers.add(RedisServer.sentinel("sentinel" + i, conf, port));
                sentinelAddresses.add("127.0.0.1:" + port);
            }
            RedisServer firstSentinel = servers.get(2);
            await("sentinel quorum", () -> {
                try (Jedis j = firstSentinel.client()) {
                    Object quorum = j.sendCommand(redis.clients.jedis.Protocol.Command.SENTINEL, "CKQUORUM", "mymaster");
                    return new String((byte[]) quorum, StandardCharsets.UTF_8).startsWith("OK")
                            && j.sentinelSentinels("mymaster").size() == 2 && j.sentinelReplicas("mymaster").size() == 1;
                }
            });

            try (ServerProcess java = ServerProcess.java("redis-sentinel", Map.of("SESSION_TYPE", "redis",
                    "SESSION_REDIS_SENTINELS", String.join(",", sentinelAddresses),
                    "SESSION_REDIS_SENTINEL_MASTER", "mymaster", "SECRET_KEY", "sentinel-secret",
                    "SESSION_REDIS_SOCKET_TIMEOUT", "1000", "SESSION_REDIS_CONNECT_TIMEOUT", "1000"))) {
                Map<String, String> sessions = writeSessions(java, 5);
                try (Jedis m = master.client()) {
                    assertTrue(m.waitReplicas(1, 5000) >= 1, "written sessions reached the replica");
                }
                master.kill();
                await("failover to the replica", () -> {
                    try (Jedis s = firstSentinel.client()) {
                        return s.sentinelGetMasterAddrByName("mymaster").get(1).equals(Integer.toString(replica.port()));
                    }
                });
                String firstCookie = sessions.keySet().iterator().next();
                await("sessions served by the new master", () ->
                        Http.get(java.url("/api/session"), firstCookie).status() == 200);
                sessions.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
                Http.Reply write = Http.send("PUT", java.url("/api/session/after"), firstCookie, "true");
                assertEquals(204, write.status(), "the new master takes writes");
            }
        } finally {
            servers.forEach(RedisServer::close);
        }
    }
}
