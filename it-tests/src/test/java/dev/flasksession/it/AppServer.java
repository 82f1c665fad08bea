package dev.flasksession.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Jakarta EE server from Maven Central, run on free loopback ports with a fresh working folder, the sample
 * WARs deployed, and stopped by PID (with every child process: WildFly's and GlassFish's scripts start the server's
 * {@code java} as a child).
 */
abstract class AppServer implements AutoCloseable {
    protected final String name;
    protected final Path runDir;
    protected Process process;
    protected int httpPort;

    AppServer(String name) {
        this.name = name;
        try {
            this.runDir = Files.createTempDirectory(Path.of(servers()), name + "-run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param kind wildfly, payara, glassfish, openliberty, tomee or quarkus
     * @return that server, not started yet
     */
    static AppServer of(String kind) {
        return switch (kind) {
            case "wildfly" -> new WildFlyServer(kind);
            case "payara" -> new PayaraMicroServer(kind);
            case "glassfish" -> new GlassFishServer(kind);
            case "openliberty" -> new OpenLibertyServer(kind);
            case "tomee" -> new TomEEServer(kind);
            case "quarkus" -> new QuarkusServer(kind);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String servers() {
        try {
            Path dir = Path.of(ServerProcess.property("flasksession.servers.dir"));
            Files.createDirectories(dir);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param versionProperty the system property holding the version Maven fetched
     * @param fileName        the file's name in {@code target/servers}, {@code %s} standing for the version
     * @return the distribution; a missing one fails with what fetches it
     */
    static Path distribution(String versionProperty, String fileName) {
        Path file = Path.of(servers(), fileName.formatted(ServerProcess.property(versionProperty)));
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " is missing: mvn -pl it-tests verify fetches it from Maven Central");
        }
        return file;
    }

    /**
     * @param warName a WAR under {@code it-tests/target}, without {@code .war}
     * @return its path; a missing WAR fails with what to build
     */
    static Path war(String warName) {
        Path war = Path.of(ServerProcess.property("flasksession.wars.dir"), warName + ".war");
        if (!Files.isRegularFile(war)) {
            throw new AssertionError(war + " is missing: build it with mvn -pl it-tests -am package");
        }
        return war;
    }

    /**
     * Deploys the WARs and starts the server, returning once every deployment has succeeded or failed.
     *
     * @param env  settings for the applications, under Flask's names (read through MicroProfile Config)
     * @param wars WAR names under {@code it-tests/target}
     * @return this
     */
    abstract AppServer start(Map<String, String> env, String... wars);

    /** @return everything the server logged */
    abstract String log();

    /**
     * @param warName the WAR's name, which is its context root
     * @return the application under its context root
     */
    Target app(String warName) {
        return Target.at("http://127.0.0.1:" + httpPort + "/" + warName);
    }

    protected Process launch(List<String> command, Map<String, String> env, Path output) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile());
            ServerProcess.scrub(pb.environment());
            pb.environment().putAll(env);
            pb.redirectErrorStream(true).redirectOutput(output.toFile());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls until {@code settled} holds, failing with the log's tail when the server exits or the time runs out.
     *
     * @param what    what is awaited, for the failure message
     * @param seconds how long to wait
     * @param settled checked every 250 ms
     */
    protected void await(String what, long seconds, BooleanSupplier settled) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            failIfExited();
            if (settled.getAsBoolean()) {
                return;
            }
            ServerProcess.sleep(250);
        }
        throw new AssertionError(name + " did not " + what + " within " + seconds + " s:\n" + tail());
    }

    /** @return the server's processes: one, except where each WAR gets a JVM of its own (TomEE) */
    protected List<Process> processes() {
        return process == null ? List.of() : List.of(process);
    }

    private void failIfExited() {
        for (Process p : processes()) {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited with " + p.exitValue() + ":\n" + tail());
            }
        }
    }

    /**
     * @param war a WAR's name
     * @return whether the server deployed it, where the server tells; empty where it does not (Payara Micro)
     */
    Optional<Boolean> deployed(String war) {
        return Optional.empty();
    }

    /**
     * @param deployed the marker a server writes for a deployed WAR
     * @param failed   the one it writes for a failed WAR
     * @return what the markers tell, empty while neither is there
     */
    protected static Optional<Boolean> marker(Path deployed, Path failed) {
        if (Files.exists(deployed)) {
            return Optional.of(true);
        }
        return Files.exists(failed) ? Optional.of(false) : Optional.empty();
    }

    /**
     * @param wars WAR names
     * @return whether the server has deployed or failed each of them
     */
    protected boolean settled(String... wars) {
        for (String war : wars) {
            if (deployed(war).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void awaitHttp(Target app, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            failIfExited();
            try {
                if (Http.get(app.url("/api/ping"), null).status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            ServerProcess.sleep(250);
        }
        throw new AssertionError(name + " did not serve " + app.url("/api/ping") + " within " + seconds + " s:\n" + tail());
    }

    String tail() {
        String log = log();
        return log.length() > 20000 ? log.substring(log.length() - 20000) : log;
    }

    protected static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    /** Unzips once per build; the server's own state goes to a fresh folder per run. */
    static synchronized Path unzipOnce(Path zip, Path into) {
        Path marker = into.resolve(".unzipped");
        if (Files.exists(marker)) {
            return into;
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(marker, zip.toString());
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes()) {
            all.addAll(p.descendants().toList());
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }
}
