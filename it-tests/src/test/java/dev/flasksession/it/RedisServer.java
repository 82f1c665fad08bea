package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} on a free loopback port, with its own working folder under
 * {@code it-tests/target/redis/}. Started and stopped by the tests; a missing binary fails with what to install.
 */
final class RedisServer implements AutoCloseable {
    private final String name;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Path sentinelConf;
    private Process process;

    private RedisServer(String name, int port, Path dir, List<String> extraArgs, Path sentinelConf) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.sentinelConf = sentinelConf;
    }

    /**
     * @param name      a name for the folder and log
     * @param extraArgs more {@code redis-server} arguments, e.g. {@code --cluster-enabled yes}
     * @return the running server
     */
    static RedisServer start(String name, String... extraArgs) {
        try {
            int port = ServerProcess.freePort();
            Path dir = Path.of(ServerProcess.property("flasksession.logs.dir")).resolveSibling("redis").resolve(name + "-" + port);
            Files.createDirectories(dir);
            RedisServer server = new RedisServer(name, port, dir, List.of(extraArgs), null);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a name for the folder
     * @param conf a sentinel configuration naming {@code port}; Sentinel rewrites it, so it must be writable
     * @param port the port the configuration names
     * @return the running sentinel
     */
    static RedisServer sentinel(String name, Path conf, int port) {
        try {
            Path dir = Path.of(ServerProcess.property("flasksession.logs.dir")).resolveSibling("redis").resolve(name + "-" + port);
            Files.createDirectories(dir);
            Path local = dir.resolve("sentinel.conf");
            Files.copy(conf, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            RedisServer server = new RedisServer(name, port, dir, List.of(), local);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the binary, or a failure that says how to install it */
    static String binary(String tool) {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dirName, tool))) {
                return Path.of(dirName, tool).toString();
            }
        }
        throw new AssertionError(tool + " is not installed: the Redis tests run a real Redis. "
                + "Install it with: apt-get install -y redis-server");
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binary("redis-server")));
        if (sentinelConf != null) {
            cmd.addAll(List.of(sentinelConf.toString(), "--sentinel", "--logfile", dir.resolve("redis.log").toString()));
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--protected-mode", "no",
                    "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(extraArgs);
        }
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server " + name + " exited: " + log());
            }
            try (Jedis j = client()) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (JedisException e) {
                ServerProcess.sleep(50);
            }
        }
        throw new AssertionError("redis-server " + name + " did not answer: " + log());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** @return the server's port */
    int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:port} */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** @return the URL for {@code SESSION_REDIS} */
    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** @return the folder the server runs in */
    Path dir() {
        return dir;
    }

    /** @return a fresh connection, to be closed */
    Jedis client() {
        return new Jedis("127.0.0.1", port, 2000);
    }

    /** @return calls per command from {@code INFO commandstats}, e.g. {@code get -> 3} */
    Map<String, Long> commandCalls() {
        Map<String, Long> out = new HashMap<>();
        try (Jedis j = client()) {
            for (String line : j.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String cmd = line.substring(8, line.indexOf(':'));
                    String calls = line.replaceAll("^[^:]*:calls=(\\d+).*", "$1");
                    out.put(cmd, Long.parseLong(calls));
                }
            }
        }
        return out;
    }

    /**
     * @param requests what to run
     * @return the commands the server received while it ran, by name; {@code info} (the count's own) left out
     */
    Map<String, Long> commandsDuring(Runnable requests) {
        Map<String, Long> before = commandCalls();
        requests.run();
        Map<String, Long> delta = new HashMap<>();
        commandCalls().forEach((cmd, n) -> {
            long d = n - before.getOrDefault(cmd, 0L);
            if (d > 0 && !cmd.equals("info")) {
                delta.put(cmd, d);
            }
        });
        return delta;
    }

    /** Saves the data set to disk and stops, as a planned outage would. */
    void stopSaving() {
        try (Jedis j = client()) {
            j.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().save());
        } catch (JedisException expected) {
            // the connection closes as the server exits
        }
        awaitExit();
    }

    /**
     * Stops ({@code SIGSTOP}) or continues ({@code SIGCONT}) the server: stopped, it still completes TCP handshakes
     * in the kernel but answers nothing, as a Redis stuck on a slow disk or swapped out would.
     *
     * @param frozen whether to stop it
     */
    void freeze(boolean frozen) {
        try {
            Process p = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kill " + (frozen ? "-STOP" : "-CONT") + " failed for " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the server without saving, as a crash would. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Starts the server again on the same port and folder, loading what it saved. */
    void restart() {
        launch();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }
}
