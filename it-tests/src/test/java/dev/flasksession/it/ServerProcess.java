package dev.flasksession.it;

import dev.flasksession.config.SessionConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server in its own process on a free loopback port: the demo (with the test resources) in a fresh JVM, or
 * the real Flask. Output goes to {@code it-tests/target/server-logs/NAME.log}.
 */
final class ServerProcess implements AutoCloseable, Target {
    /** Test-only settings that must not leak in from the environment running the tests. */
    private static final List<String> SCRUBBED = List.of("SESSION_TYPE", "PORT", "HOST", "GENERATE_SECRET");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the demo with the test resources, and waits until it answers.
     *
     * @param name a name for the log file
     * @param env  settings for the server, under Flask's names
     * @return the running server
     */
    static ServerProcess java(String name, Map<String, String> env) {
        ServerProcess p = startJava(name, env);
        p.awaitReady();
        return p;
    }

    /**
     * Starts the demo and does not wait: for servers expected to fail at startup.
     *
     * @param name a name for the log file
     * @param env  settings
     * @return the process
     */
    static ServerProcess startJava(String name, Map<String, String> env) {
        String classpath = property("flasksession.demo.jar") + File.pathSeparator + property("flasksession.test.classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(name, List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                TestServerMain.class.getName()), env);
    }

    /**
     * Starts the sample built as a Quarkus application ({@code quarkus-sample/}) and waits until it answers.
     *
     * @param name a name for the log file
     * @param env  settings, {@code SESSION_TYPE} choosing the backend
     * @return the running application
     */
    static ServerProcess quarkus(String name, Map<String, String> env) {
        ServerProcess p = startQuarkus(name, env);
        p.awaitReady();
        return p;
    }

    /**
     * Starts the Quarkus sample and does not wait: for setups expected to fail at start-up.
     *
     * @param name a name for the log file
     * @param env  settings
     * @return the process
     */
    static ServerProcess startQuarkus(String name, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(name, List.of(java, "-Xmx256m", "-jar", QuarkusServer.application().toString()), env);
    }

    /**
     * Starts the sample application on the embedded stack, its classes and the {@code beans.xml} of one variant in a
     * bean archive of their own, the library jars in others, as in a WAR; waits until it answers.
     *
     * @param name    a name for the log file
     * @param variant a folder under {@code it-tests/src/apps} holding the variant's {@code beans.xml}
     * @param env     settings
     * @return the running server
     */
    static ServerProcess sample(String name, String variant, Map<String, String> env) {
        ServerProcess p = startSample(name, variant, env);
        p.awaitReady();
        return p;
    }

    /**
     * Starts the sample and does not wait: for deployments expected to fail.
     *
     * @param name    a name for the log file
     * @param variant a folder under {@code it-tests/src/apps}
     * @param env     settings
     * @return the process
     */
    static ServerProcess startSample(String name, String variant, Map<String, String> env) {
        try {
            Path app = Path.of(property("flasksession.logs.dir")).resolveSibling("apps").resolve(variant);
            copyTree(Path.of(property("flasksession.sample.classes")), app);
            Files.createDirectories(app.resolve("META-INF"));
            Files.copy(Path.of(property("flasksession.sample.apps"), variant, "beans.xml"),
                    app.resolve("META-INF/beans.xml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> classpath = new ArrayList<>();
            try (var jars = Files.list(Path.of(property("flasksession.demo.lib")))) {
                jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> classpath.add(j.toString()));
            }
            classpath.add(app.toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return start(name, List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    String.join(File.pathSeparator, classpath), "dev.flasksession.sample.SampleMain"), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Python web app of the project's own (an example), and waits until {@code readyPath} answers.
     *
     * @param name      a name for the log file
     * @param script    the app's script
     * @param readyPath a path that answers 200 once the app is up
     * @param env       settings
     * @return the running server
     */
    static ServerProcess python(String name, Path script, String readyPath, Map<String, String> env) {
        PythonPeers.requireInstalled();
        ServerProcess p = start(name, List.of(PythonPeers.python(), script.toString()), env);
        p.awaitReady(readyPath);
        return p;
    }

    /**
     * Starts the real Flask with the same JSON API, and waits until it answers.
     *
     * @param name a name for the log file
     * @param env  settings, under Flask's names
     * @return the running server
     */
    static ServerProcess flask(String name, Map<String, String> env) {
        PythonPeers.requireInstalled();
        ServerProcess p = start(name, List.of(PythonPeers.python(),
                Path.of(property("flasksession.python.dir"), "flask_peer.py").toString()), env);
        p.awaitReady();
        return p;
    }

    private static ServerProcess start(String name, List<String> command, Map<String, String> env) {
        try {
            int port = freePort();
            Path dir = Path.of(property("flasksession.logs.dir"));
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
            scrub(pb.environment());
            pb.environment().putAll(env);
            pb.environment().put("PORT", Integer.toString(port));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new ServerProcess(name, pb.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Removes every session setting (Flask's names, Flask-Session's {@code SESSION_*}) and the test switches, so
     * a server sees only what a test gives it.
     *
     * @param env a process environment
     */
    static void scrub(Map<String, String> env) {
        SessionConfig.NAMES.forEach(env::remove);
        SCRUBBED.forEach(env::remove);
        env.keySet().removeIf(k -> k.startsWith("SESSION_"));
    }

    static String property(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("System property " + key + " is not set: run the tests through Maven");
        }
        return value;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() {
        awaitReady("/api/ping");
    }

    private void awaitReady(String readyPath) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with status " + process.exitValue() + " before answering:\n" + log());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url(readyPath)))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(100);
        }
        close();
        throw new AssertionError(name + " did not answer within 60 s:\n" + log());
    }

    /**
     * @param timeout how long to wait
     * @return the exit status
     */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(name + " was still running after " + timeout + ":\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * @param path a path starting with {@code /}
     * @return the full URL on this server
     */
    @Override
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return the process id: for the demo, the JVM itself, whose threads and sockets a test may count */
    long pid() {
        return process.pid();
    }

    /** @return everything the server printed so far */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
