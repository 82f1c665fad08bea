package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * A Redis topology of several real {@code redis-server} processes on loopback: a 3-master Cluster, or a master with
 * one replica watched by three sentinels. Closing it stops every process.
 */
final class RedisTopology implements AutoCloseable {
    /** Sentinel's name for the master, for {@code SESSION_REDIS_SENTINEL_MASTER}. */
    static final String MASTER_NAME = "mymaster";

    private final List<RedisServer> servers;

    private RedisTopology(List<RedisServer> servers) {
        this.servers = servers;
    }

    /**
     * Three masters with no replicas, all slots assigned, {@code cluster_state:ok} on every node.
     *
     * @param name a prefix for the nodes' folders
     * @return the cluster
     */
    static RedisTopology cluster(String name) {
        List<RedisServer> nodes = new ArrayList<>();
        RedisTopology cluster = new RedisTopology(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.start(name + i, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of(RedisServer.binary("redis-cli"), "--cluster", "create"));
            nodes.forEach(n -> create.add(n.address()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create.toArray(String[]::new));
            cluster.awaitClusterOk();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A master, a replica of it, and three sentinels (quorum 2, down after 1 s) that all know each other.
     *
     * @param name a prefix for the folders
     * @return the set: {@link #servers()} is master, replica, then the sentinels
     */
    static RedisTopology sentinel(String name) {
        List<RedisServer> servers = new ArrayList<>();
        RedisTopology set = new RedisTopology(servers);
        try {
            // Redis 7 waits 5 s by default before a full sync, hoping more replicas come: here none will.
            RedisServer master = RedisServer.start(name + "-master", "--repl-diskless-sync-delay", "0");
            servers.add(master);
            RedisServer replica = RedisServer.start(name + "-replica", "--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
            servers.add(replica);
            set.awaitReplication();
            for (int i = 0; i < 3; i++) {
                int port = ServerProcess.freePort();
                Path conf = Files.createTempFile("sentinel", ".conf");
                Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nprotected-mode no\n"
                        + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2\n"
                        + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                        + "sentinel failover-timeout " + MASTER_NAME + " 5000\n"
                        + "sentinel parallel-syncs " + MASTER_NAME + " 1\n");
                servers.add(RedisServer.sentinel(name + "-sentinel" + i, conf, port));
            }
            set.awaitSentinelQuorum();
            return set;
        } catch (IOException e) {
            set.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    /** @return every process: the cluster's nodes, or master, replica and sentinels */
    List<RedisServer> servers() {
        return servers;
    }

    /** @return {@code host:port,...} of the cluster's nodes, for {@code SESSION_REDIS_CLUSTER} */
    String clusterAddresses() {
        return String.join(",", servers.stream().map(RedisServer::address).toList());
    }

    /** @return the master of a Sentinel set, as it was started */
    RedisServer master() {
        return servers.get(0);
    }

    /** @return the replica of a Sentinel set, as it was started */
    RedisServer replica() {
        return servers.get(1);
    }

    /** @return the sentinels of a Sentinel set */
    List<RedisServer> sentinels() {
        return servers.subList(2, servers.size());
    }

    /** @return {@code host:port,...} of the sentinels, for {@code SESSION_REDIS_SENTINELS} */
    String sentinelAddresses() {
        return String.join(",", sentinels().stream().map(RedisServer::address).toList());
    }

    /** Waits until every node of a cluster says {@code cluster_state:ok}. */
    void awaitClusterOk() {
        for (RedisServer n : servers) {
            await("cluster_state:ok", () -> {
                try (Jedis j = n.client()) {
                    return j.clusterInfo().contains("cluster_state:ok");
                }
            });
        }
    }

    /** Waits until the replica of a Sentinel set is in sync with the master it was started with. */
    void awaitReplication() {
        await("replication", () -> {
            try (Jedis j = replica().client()) {
                return j.info("replication").contains("master_link_status:up");
            }
        });
    }

    /** Waits until the first sentinel sees a quorum, the other two sentinels and the replica. */
    void awaitSentinelQuorum() {
        RedisServer first = sentinels().get(0);
        await("sentinel quorum", () -> {
            try (Jedis j = first.client()) {
                Object quorum = j.sendCommand(redis.clients.jedis.Protocol.Command.SENTINEL, "CKQUORUM", MASTER_NAME);
                return new String((byte[]) quorum, StandardCharsets.UTF_8).startsWith("OK")
                        && j.sentinelSentinels(MASTER_NAME).size() == 2 && j.sentinelReplicas(MASTER_NAME).size() == 1;
            }
        });
    }

    /**
     * Waits until the sentinels name {@code server} as the master.
     *
     * @param server the server expected to be master
     */
    void awaitMasterIs(RedisServer server) {
        await("sentinels naming port " + server.port() + " master", () -> {
            try (Jedis s = sentinels().get(0).client()) {
                return s.sentinelGetMasterAddrByName(MASTER_NAME).get(1).equals(Integer.toString(server.port()));
            }
        });
    }

    /**
     * Polls {@code done} every 200 ms for up to 60 s; exceptions count as "not yet".
     *
     * @param what what is awaited, for the failure message
     * @param done the condition
     */
    static void await(String what, BooleanSupplier done) {
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

    @Override
    public void close() {
        servers.forEach(RedisServer::close);
    }
}
