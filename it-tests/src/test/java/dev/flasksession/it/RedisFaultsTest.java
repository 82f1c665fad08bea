package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Issue 10's faults, with real {@code redis-server} processes killed, paused and restarted under a steady load: only
 * 503s while Redis is away, answers within the socket timeout while it is slow, recovery without restarting the
 * application, no leaked threads or connections, acknowledged sessions intact, and an application that starts while
 * Redis is unreachable on every topology.
 *
 * <p>The time bounds are behavioural, not performance figures: each is the bound the issue names plus
 * {@link #MARGIN_MILLIS}, because the demo, Redis and this test share two loaded cores, where a GC pause or a
 * scheduling stall of a second is ordinary. A hang, a retry back-off of seconds, or a client that never reconnects
 * still breaks them.
 */
class RedisFaultsTest {
    private static final int SOCKET_TIMEOUT_MILLIS = 500;
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static final long MARGIN_MILLIS = 1500;
    /** The bound for serving again once Redis is back. */
    private static final long RECOVERY_MILLIS = 2000;
    private static final int WORKERS = 6;
    /** Undertow's default worker pool: 8 threads per I/O thread, and one I/O thread per core, at least 2. */
    private static final int SERVER_WORKERS = 8 * Math.max(2, Runtime.getRuntime().availableProcessors());

    private static Map<String, String> env(String... topology) {
        Map<String, String> env = new HashMap<>(Map.of("SESSION_TYPE", "redis", "SECRET_KEY", "redis-faults-secret",
                "SESSION_REDIS_SOCKET_TIMEOUT", Integer.toString(SOCKET_TIMEOUT_MILLIS),
                "SESSION_REDIS_CONNECT_TIMEOUT", Integer.toString(CONNECT_TIMEOUT_MILLIS),
                "PERMANENT_SESSION_LIFETIME", "600", "SESSION_REDIS_RETRY_AFTER", "3"));
        for (int i = 0; i < topology.length; i += 2) {
            env.put(topology[i], topology[i + 1]);
        }
        return env;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /**
     * Starts the demo while its Redis is down, checks that it serves what needs no session and answers 503 (quickly)
     * for what does, brings Redis up and checks it serves sessions within the recovery bound.
     */
    private static ServerProcess startWhileRedisIsDown(String name, Map<String, String> env, Runnable bringUp) {
        ServerProcess java = ServerProcess.java(name, env);
        try {
            assertEquals(200, Http.get(java.url("/api/ping"), null).status(), "the application started");
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Http.Reply r = Http.send("PUT", java.url("/api/session/n"), null, "1");
                assertEquals(503, r.status(), "a request that needs a session while Redis is down: " + r.body());
                assertTrue(millisSince(start) < CONNECT_TIMEOUT_MILLIS + SOCKET_TIMEOUT_MILLIS + MARGIN_MILLIS,
                        "503 after " + millisSince(start) + " ms");
                assertEquals(200, Http.get(java.url("/api/ping"), null).status());
            }
            bringUp.run();
            long up = System.nanoTime();
            long recovery = millisOf(awaitSession(java, null) - up);
            System.out.printf("%s: served sessions %d ms after Redis was up%n", name, recovery);
            assertTrue(recovery < RECOVERY_MILLIS + MARGIN_MILLIS, name + ": sessions served " + recovery
                    + " ms after Redis was up");
            Map<String, String> sessions = RedisTopologyTest.writeSessions(java, 3);
            sessions.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
            return java;
        } catch (RuntimeException | Error e) {
            java.close();
            throw e;
        }
    }

    private static long millisOf(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Polls every 50 ms, for at most 30 s, until a session request succeeds: a GET of {@code cookie}, or a write of a
     * fresh session when it is null.
     *
     * @return {@link System#nanoTime()} when it first succeeded
     */
    private static long awaitSession(ServerProcess java, String cookie) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Http.Reply r = cookie == null ? Http.send("PUT", java.url("/api/session/probe"), null, "1")
                    : Http.get(java.url("/api/session"), cookie);
            if (r.status() / 100 == 2) {
                return System.nanoTime();
            }
            assertEquals(503, r.status(), r.body());
            ServerProcess.sleep(50);
        }
        throw new AssertionError("sessions were still not served 30 s later:\n" + java.log());
    }

    /** Every answer is a 2xx or a 503 within the bound, with no error, hang, or foreign session. */
    private static void assertOnly2xxAnd503(List<SteadyLoad.Sample> samples, long max503Millis) {
        List<SteadyLoad.Sample> bad = samples.stream().filter(s -> s.problem() != null
                || !(s.status() / 100 == 2 || s.status() == 503) || (s.status() == 503 && s.millis() >= max503Millis))
                .toList();
        assertEquals(List.of(), bad.stream().limit(20).toList(), bad.size() + " bad answers of " + samples.size());
    }

    private static <T> long count(List<T> items, Predicate<T> p) {
        return items.stream().filter(p).count();
    }

    /**
     * The names of a process's threads ({@code /proc/<pid>/task/<tid>/comm}, 15 characters at most), sorted, without
     * the JVM's own compiler and GC threads: HotSpot starts and stops those by itself as the work varies, which
     * says nothing about the application.
     */
    private static List<String> threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).trim();
                } catch (IOException e) {
                    return "(ended)";
                }
            }).filter(n -> !n.equals("(ended)") && !n.startsWith("C1 Compiler") && !n.startsWith("C2 Compiler")
                    && !n.startsWith("GC Thread") && !n.startsWith("G1 ")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The TCP sockets a process holds to a port, in any state: a connection the client dropped without closing
     * shows here (in {@code CLOSE_WAIT}) even after the server side is gone.
     */
    private static int socketsTo(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        try (Stream<String> tcp = Stream.concat(Files.readAllLines(Path.of("/proc/net/tcp")).stream(),
                Files.readAllLines(Path.of("/proc/net/tcp6")).stream());
             Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            tcp.map(String::trim).map(l -> l.split("\\s+")).filter(f -> f.length > 9 && f[2].contains(":"))
                    .filter(f -> Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16) == port)
                    .forEach(f -> inodes.add(f[9]));
            return (int) fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(link -> link.startsWith("socket:[") && inodes.contains(link.substring(8, link.length() - 1))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clients connected to Redis, leaving out the connection that asks. */
    private static int redisClients(RedisServer redis) {
        try (Jedis j = redis.client()) {
            return Integer.parseInt(j.info("clients").replaceAll("(?s).*connected_clients:(\\d+).*", "$1")) - 1;
        }
    }

    /** The operator's view: one line when Redis goes, one when it is back, and never "fix your configuration". */
    private static void assertOneLinePerOutage(String log, int outages) {
        assertEquals(outages, log.split("Redis is unavailable", -1).length - 1, "one line per outage:\n" + log);
        assertEquals(outages, log.split("Redis is available again", -1).length - 1, "one line per return:\n" + log);
        assertFalse(log.contains("Redis refused"), "a Redis restarting or paused is an outage, not a refusal:\n" + log);
    }

    @Test
    void standaloneStartsWithoutRedisThenAKillUnderLoadIsOnly503sWithNoLeakAndNothingLost() {
        // appendfsync always: Redis answers a write only once it is on disk, so a kill -9 loses no acknowledged session.
        // key-load-delay (a Redis test setting, in microseconds per key) keeps the restarted server answering LOADING
        // for a while, as a large data set would, so that state is met under load every time.
        RedisServer redis = RedisServer.start("faults-kill", "--appendonly", "yes", "--appendfsync", "always",
                "--key-load-delay", "300");
        try (redis) {
            redis.kill();
            try (ServerProcess java = startWhileRedisIsDown("faults-kill", env("SESSION_REDIS", redis.url()), redis::restart)) {
                Map<String, String> before = RedisTopologyTest.writeSessions(java, 10);
                long pid = java.pid();
                SteadyLoad load = SteadyLoad.start(java, WORKERS);
                long down;
                long restartAt;
                long back;
                long recovered;
                List<String> threadsBefore;
                int socketsBefore;
                int clientsBefore;
                try (load) {
                    // Warm up first, so that the worker threads and the pool are as large as this load makes them.
                    ServerProcess.sleep(2000);
                    threadsBefore = threads(pid);
                    socketsBefore = socketsTo(pid, redis.port());
                    clientsBefore = redisClients(redis);
                    redis.kill();
                    down = System.nanoTime();
                    ServerProcess.sleep(3000);
                    restartAt = System.nanoTime();
                    redis.restart();
                    back = System.nanoTime();
                    recovered = awaitSession(java, before.keySet().iterator().next());
                    long recoveryMillis = millisOf(recovered - back);
                    System.out.printf("kill: Redis answered %d ms after the restart began; sessions served %d ms later%n",
                            millisOf(back - restartAt), recoveryMillis);
                    assertTrue(recoveryMillis < RECOVERY_MILLIS + MARGIN_MILLIS,
                            "sessions served " + recoveryMillis + " ms after Redis was back");
                    ServerProcess.sleep(2000);
                }
                List<SteadyLoad.Sample> samples = load.samples();
                assertOnly2xxAnd503(samples, SOCKET_TIMEOUT_MILLIS + MARGIN_MILLIS);
                List<SteadyLoad.Sample> whileDown = samples.stream().filter(s -> s.within(down, restartAt)).toList();
                assertEquals(whileDown.size(), count(whileDown, s -> s.status() == 503), "only 503s while Redis was down");
                assertTrue(whileDown.size() > 100, "the load kept coming while Redis was down: " + whileDown.size());
                List<SteadyLoad.Sample> late = samples.stream().filter(s -> s.startNanos() > recovered
                        && s.status() != 200 && s.status() != 204).toList();
                assertEquals(List.of(), late, "the load is served again after recovery");
                assertEquals(List.of(), load.lostAcknowledgedWrites(Long.MAX_VALUE), "acknowledged writes survive the kill");
                before.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body(),
                        "a session written before the kill"));

                ServerProcess.sleep(1000);
                List<String> threadsAfter = threads(pid);
                int socketsAfter = socketsTo(pid, redis.port());
                int clientsAfter = redisClients(redis);
                System.out.printf("kill: %d answers, %d while down (all 503, slowest %d ms); threads %d -> %d, "
                                + "demo sockets to Redis %d -> %d, Redis clients %d -> %d%n", samples.size(), whileDown.size(),
                        whileDown.stream().mapToLong(SteadyLoad.Sample::millis).max().orElse(0),
                        threadsBefore.size(), threadsAfter.size(), socketsBefore, socketsAfter, clientsBefore, clientsAfter);
                // Hundreds of requests failed and reconnected during the outage, so a thread or a connection lost per
                // failure shows as dozens. Undertow's worker pool ("XNIO-1 task-N") grows on demand up to its bound
                // (8 per I/O thread, 2 I/O threads here); it grew by 4 in one trial as the 503s came fast, so it is
                // held to that bound, and every other thread to its count before, plus one for a JVM service
                // thread. Connections get 2: the recovery probe is one more concurrent requester than the load, and
                // each request holds one pooled connection at a time.
                Predicate<String> worker = n -> n.startsWith("XNIO-1 task");
                assertTrue(count(threadsAfter, worker) <= SERVER_WORKERS, "server workers: " + threadsAfter);
                assertTrue(count(threadsAfter, worker.negate()) <= count(threadsBefore, worker.negate()) + 1,
                        "threads " + threadsBefore + " -> " + threadsAfter);
                assertTrue(socketsAfter <= Math.max(socketsBefore, WORKERS) + 2,
                        "demo sockets to Redis " + socketsBefore + " -> " + socketsAfter);
                assertTrue(clientsAfter <= Math.max(clientsBefore, WORKERS) + 2,
                        "Redis clients " + clientsBefore + " -> " + clientsAfter);
                // One outage at start-up, one at the kill.
                assertOneLinePerOutage(java.log(), 2);
            }
        }
    }

    @Test
    void slowRedisIsA503WithinTheSocketTimeoutAndTheServiceRecovers() {
        try (RedisServer redis = RedisServer.start("faults-slow", "--enable-debug-command", "yes");
             ServerProcess java = ServerProcess.java("faults-slow", env("SESSION_REDIS", redis.url()));
             Jedis admin = redis.client()) {
            Map<String, String> before = RedisTopologyTest.writeSessions(java, 5);
            String probe = before.keySet().iterator().next();
            SteadyLoad load = SteadyLoad.start(java, WORKERS);
            long pauseStart;
            long pauseEnd;
            long sleepStart;
            long sleepEnd;
            try (load) {
                ServerProcess.sleep(1000);
                pauseStart = System.nanoTime();
                admin.clientPause(3000, ClientPauseMode.ALL);
                pauseEnd = pauseStart + TimeUnit.MILLISECONDS.toNanos(3000);
                ServerProcess.sleep(3000);
                long pauseRecovery = millisOf(awaitSession(java, probe) - pauseEnd);
                ServerProcess.sleep(1000);

                Thread sleeper = new Thread(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                        // Jedis has no DEBUG command of its own.
                        ProtocolCommand debug = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);
                        j.sendCommand(debug, "SLEEP", "3");
                    }
                });
                sleepStart = System.nanoTime();
                sleeper.start();
                joinQuietly(sleeper);
                sleepEnd = System.nanoTime();
                long sleepRecovery = millisOf(awaitSession(java, probe) - sleepEnd);
                ServerProcess.sleep(1000);
                System.out.printf("slow: served again %d ms after CLIENT PAUSE ended, %d ms after DEBUG SLEEP ended%n",
                        pauseRecovery, sleepRecovery);
                assertTrue(pauseRecovery < RECOVERY_MILLIS + MARGIN_MILLIS, "after CLIENT PAUSE: " + pauseRecovery + " ms");
                assertTrue(sleepRecovery < RECOVERY_MILLIS + MARGIN_MILLIS, "after DEBUG SLEEP: " + sleepRecovery + " ms");
            }
            List<SteadyLoad.Sample> samples = load.samples();
            // A request sends at most two commands (open, save), each bounded by the socket timeout.
            assertOnly2xxAnd503(samples, SOCKET_TIMEOUT_MILLIS + MARGIN_MILLIS);
            long slowest = samples.stream().mapToLong(SteadyLoad.Sample::millis).max().orElse(0);
            assertTrue(slowest < 2L * SOCKET_TIMEOUT_MILLIS + MARGIN_MILLIS, "no request hangs: slowest " + slowest + " ms");
            long paused503 = count(samples, s -> s.within(pauseStart, pauseEnd) && s.status() == 503);
            long slept503 = count(samples, s -> s.within(sleepStart, sleepEnd) && s.status() == 503);
            System.out.printf("slow: %d answers, %d 503s during CLIENT PAUSE, %d during DEBUG SLEEP, slowest %d ms%n",
                    samples.size(), paused503, slept503, slowest);
            assertTrue(paused503 > 0 && slept503 > 0, "the pauses were felt: " + paused503 + ", " + slept503);
            assertEquals(List.of(), load.lostAcknowledgedWrites(Long.MAX_VALUE), "acknowledged writes survive");
            before.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body()));
            assertOneLinePerOutage(java.log(), 2);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void sentinelStartsWithoutRedisThenAFailoverUnderLoadKeepsAcknowledgedSessions() {
        try (RedisTopology set = RedisTopology.sentinel("faults-sentinel")) {
            set.servers().forEach(RedisServer::kill);
            Runnable bringUp = () -> {
                // Data nodes first: sentinels finding no master for a second would start a failover of their own.
                set.master().restart();
                set.replica().restart();
                set.awaitReplication();
                set.sentinels().forEach(RedisServer::restart);
                set.awaitSentinelQuorum();
            };
            try (ServerProcess java = startWhileRedisIsDown("faults-sentinel", env("SESSION_REDIS_SENTINELS",
                    set.sentinelAddresses(), "SESSION_REDIS_SENTINEL_MASTER", RedisTopology.MASTER_NAME), bringUp)) {
                Map<String, String> before = RedisTopologyTest.writeSessions(java, 10);
                SteadyLoad load = SteadyLoad.start(java, WORKERS);
                long barrier;
                long killed;
                try (load) {
                    ServerProcess.sleep(1500);
                    // Replication is asynchronous: a write acknowledged a millisecond before a crash may not have
                    // reached the replica, with any client. WAIT makes "acknowledged before the failover" exact:
                    // everything acknowledged before it was sent is on the replica when it returns.
                    barrier = System.nanoTime();
                    try (Jedis m = set.master().client()) {
                        assertTrue(m.waitReplicas(1, 5000) >= 1, "the replica caught up");
                    }
                    set.master().kill();
                    killed = System.nanoTime();
                    set.awaitMasterIs(set.replica());
                    long promoted = System.nanoTime();
                    long served = awaitSession(java, before.keySet().iterator().next());
                    System.out.printf("sentinel: replica promoted %d ms after the kill, sessions served %d ms later%n",
                            millisOf(promoted - killed), millisOf(served - promoted));
                    ServerProcess.sleep(2000);
                }
                List<SteadyLoad.Sample> samples = load.samples();
                assertOnly2xxAnd503(samples, CONNECT_TIMEOUT_MILLIS + SOCKET_TIMEOUT_MILLIS + MARGIN_MILLIS);
                List<String> lost = load.lostAcknowledgedWrites(barrier);
                assertEquals(List.of(), lost, "writes acknowledged before the failover");
                long ackedAfterBarrier = count(samples, s -> s.method().equals("PUT") && s.status() == 204
                        && s.endNanos() > barrier && s.endNanos() <= killed);
                System.out.printf("sentinel: %d answers, %d 503s; %d writes acknowledged between WAIT and the kill; "
                                + "%d GETs read below a write acknowledged before the kill%n", samples.size(),
                        count(samples, s -> s.status() == 503), ackedAfterBarrier, load.lostAcknowledgedWrites(killed).size());
                before.forEach((cookie, expected) -> assertEquals(expected, Http.get(java.url("/api/session"), cookie).body(),
                        "a session written before the failover"));
                for (String cookie : load.cookies()) {
                    assertEquals(200, Http.get(java.url("/api/session"), cookie).status(), "a load session opens");
                }
            }
        }
    }

    /**
     * Sends {@code PUT}s from {@link #WORKERS} threads for {@code millis}.
     *
     * @return every answer's status and time, as {@code "503 in 512 ms"}, with the times apart for checking
     */
    private static List<long[]> concurrentWrites(ServerProcess java, long millis) {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            List<Future<List<long[]>>> futures = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                futures.add(pool.submit(() -> {
                    List<long[]> out = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        int status = Http.send("PUT", java.url("/api/session/n"), null, "1").status();
                        out.add(new long[] {status, millisSince(start)});
                    }
                    return out;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<List<long[]>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clusterFrozenWhenTheClientIsMadeIsA503WithinTheSocketTimeout() {
        // 1 s, so that a client made while every node times out in turn (3 s) is clearly beyond the bound.
        int socketTimeout = 1000;
        try (RedisTopology cluster = RedisTopology.cluster("faults-frozen");
             ServerProcess java = ServerProcess.java("faults-frozen", env("SESSION_REDIS_CLUSTER",
                     cluster.clusterAddresses(), "SESSION_REDIS_SOCKET_TIMEOUT", Integer.toString(socketTimeout)))) {
            List<long[]> answers;
            cluster.servers().forEach(n -> n.freeze(true));
            try {
                answers = concurrentWrites(java, 4000);
            } finally {
                cluster.servers().forEach(n -> n.freeze(false));
            }
            long thawed = System.nanoTime();
            long slowest = answers.stream().mapToLong(a -> a[1]).max().orElse(0);
            System.out.printf("frozen cluster: %d answers, statuses %s, slowest %d ms%n", answers.size(),
                    answers.stream().map(a -> a[0]).distinct().toList(), slowest);
            assertTrue(answers.stream().allMatch(a -> a[0] == 503), "only 503s while every node is frozen");
            assertTrue(slowest < socketTimeout + MARGIN_MILLIS, "slowest 503: " + slowest + " ms");
            long recovery = millisOf(awaitSession(java, null) - thawed);
            System.out.printf("frozen cluster: served %d ms after the nodes continued%n", recovery);
            assertTrue(recovery < RECOVERY_MILLIS + MARGIN_MILLIS, "served " + recovery + " ms after the nodes continued");
        }
    }

    @Test
    void clusterStartsWithoutRedisAndServesOnceItIsUp() {
        try (RedisTopology cluster = RedisTopology.cluster("faults-cluster")) {
            cluster.servers().forEach(RedisServer::kill);
            Runnable bringUp = () -> {
                // Each node reloads nodes.conf: the same cluster, slots and all, without a new CLUSTER CREATE.
                cluster.servers().forEach(RedisServer::restart);
                cluster.awaitClusterOk();
            };
            try (ServerProcess java = startWhileRedisIsDown("faults-cluster",
                    env("SESSION_REDIS_CLUSTER", cluster.clusterAddresses()), bringUp)) {
                assertTrue(java.log().contains("Redis is unavailable"), "the outage was logged");
            }
        }
    }
}
