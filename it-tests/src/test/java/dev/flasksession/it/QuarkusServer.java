package dev.flasksession.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The sample application built with Quarkus ({@code quarkus-sample/}, the same resource classes as the WARs), one JVM
 * per sample WAR name, each on its own free port at the root (Quarkus fixes its root path at build time). Quarkus ignores
 * {@code beans.xml} alternatives, so each variant is chosen the Quarkus way, by {@code SESSION_TYPE}, and the
 * variants' {@code microprofile-config.properties} are given as environment variables.
 */
final class QuarkusServer extends AppServer {
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    QuarkusServer(String name) {
        super(name);
    }

    static Path application() {
        Path jar = Path.of(ServerProcess.property("flasksession.quarkus.app"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it with mvn -pl quarkus-sample package");
        }
        return jar;
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        Path jar = application();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String war : wars) {
            Map<String, String> variant = new LinkedHashMap<>(env);
            variant.put("SESSION_TYPE", war.contains("redis") ? "redis" : "securecookie");
            variant.putAll(microprofileConfig(war));
            try {
                ports.put(war, ServerProcess.freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            variant.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(war)));
            processes.put(war, launch(List.of(javaBin, "-Xmx256m", "-jar", jar.toString()), variant, logOf(war)));
        }
        for (String war : wars) {
            await("start or fail " + war, 120, () -> deployed(war).isPresent());
        }
        return this;
    }

    /** The settings a WAR variant carries in its {@code microprofile-config.properties}, if any. */
    private static Map<String, String> microprofileConfig(String war) {
        String variant = war.replaceFirst("^flask-session-sample-?", "");
        Path file = Path.of(ServerProcess.property("flasksession.sample.apps"), variant, "microprofile-config.properties");
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, p::getProperty));
    }

    private Path logOf(String war) {
        return runDir.resolve(war + ".log");
    }

    @Override
    Target app(String warName) {
        return Target.at(base(warName));
    }

    private String base(String war) {
        return "http://127.0.0.1:" + ports.get(war);
    }

    @Override
    Optional<Boolean> deployed(String war) {
        Process p = processes.get(war);
        if (p == null) {
            return Optional.empty();
        }
        if (read(logOf(war)).contains("Listening on: http://")) {
            return Optional.of(true);
        }
        return p.isAlive() ? Optional.empty() : Optional.of(false);
    }

    /** Unlike the other servers, a process that exits is an answer here: that variant failed to start. */
    @Override
    protected void await(String what, long seconds, java.util.function.BooleanSupplier settled) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (settled.getAsBoolean()) {
                return;
            }
            ServerProcess.sleep(250);
        }
        throw new AssertionError(name + " did not " + what + " within " + seconds + " s:\n" + tail());
    }

    @Override
    String log() {
        return processes.keySet().stream().map(w -> "== " + w + "\n" + read(logOf(w))).collect(Collectors.joining("\n"));
    }

    @Override
    protected List<Process> processes() {
        return List.copyOf(processes.values());
    }
}
