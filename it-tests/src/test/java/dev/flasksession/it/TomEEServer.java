package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TomEE 10 (Tomcat 10.1, OpenWebBeans, CXF) as its {@code tomee-embedded} milestone runs it: Maven Central serves no
 * TomEE 10 distribution, so the module {@code tomee-runtime} copies {@code tomee-embedded} and its dependencies,
 * with SmallRye Config as TomEE 10's MicroProfile flavour has it, to one folder, and each WAR gets a JVM of its own
 * ({@code org.apache.tomee.embedded.Main}) on a free loopback port. One JVM per WAR because that {@code Main} stops
 * deploying at the first WAR that fails, so a second WAR's outcome would never show. Readiness and failure are read
 * from each JVM's log.
 */
final class TomEEServer extends AppServer {
    private final Map<String, Process> jvms = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    TomEEServer(String name) {
        super(name);
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        Path lib = Path.of(ServerProcess.property("flasksession.tomee.lib"));
        if (!Files.isRegularFile(lib.resolve("tomee-embedded-" + ServerProcess.property("flasksession.tomee.version")
                + ".jar"))) {
            throw new AssertionError(lib + " has no tomee-embedded: mvn -pl tomee-runtime package copies it from Maven"
                    + " Central");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(runDir.resolve("apps"));
            for (String war : wars) {
                // TomEE unpacks a WAR next to it: a copy keeps that out of target/.
                Path copy = Files.copy(war(war), runDir.resolve("apps").resolve(war + ".war"));
                int port = ServerProcess.freePort();
                List<String> cmd = List.of(javaBin, "-Xmx512m", "-cp", lib + "/*", "org.apache.tomee.embedded.Main",
                        "--path", copy.toString(), "--context", war,
                        "--port", Integer.toString(port), "--shutdown", Integer.toString(ServerProcess.freePort()),
                        "--host", "127.0.0.1", "--property", "connector.attributes.address=127.0.0.1",
                        "--directory", runDir.resolve("tomee-" + war).toString());
                ports.put(war, port);
                jvms.put(war, launch(cmd, env, runDir.resolve(war + ".log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("settle its deployments", 180, () -> settled(wars));
        return this;
    }

    @Override
    protected List<Process> processes() {
        return List.copyOf(jvms.values());
    }

    @Override
    Target app(String warName) {
        Integer port = ports.get(warName);
        if (port == null) {
            throw new AssertionError(warName + " was not started on " + name);
        }
        return Target.at("http://127.0.0.1:" + port + "/" + warName);
    }

    /**
     * Read from the WAR's own log: CXF lists the Jakarta REST application once it serves; a failed start is logged
     * by TomEE's web app builder ("Unable to deploy ...") or by Tomcat ("... startup failed due to previous errors").
     */
    @Override
    Optional<Boolean> deployed(String war) {
        String log = read(runDir.resolve(war + ".log"));
        if (log.contains("REST Application: ")) {
            return Optional.of(true);
        }
        return log.contains("Unable to deploy") || log.contains("startup failed due to previous errors")
                ? Optional.of(false) : Optional.empty();
    }

    @Override
    String log() {
        StringBuilder all = new StringBuilder();
        for (String war : jvms.keySet()) {
            all.append("==== ").append(war).append('\n').append(read(runDir.resolve(war + ".log")));
        }
        return all.toString();
    }
}
