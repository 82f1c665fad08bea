package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WildFly from its distribution zip: a fresh {@code jboss.server.base.dir} per run, every port shifted by a free
 * offset, WARs dropped into {@code deployments/}, readiness read from the deployment scanner's marker files.
 */
final class WildFlyServer extends AppServer {
    private Path baseDir;

    WildFlyServer(String name) {
        super(name);
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        String version = ServerProcess.property("flasksession.wildfly.version");
        Path zip = distribution("flasksession.wildfly.version", "wildfly-dist-%s.zip");
        Path home = unzipOnce(zip, Path.of(servers(), "wildfly-dist")).resolve("wildfly-" + version);
        baseDir = runDir.resolve("standalone");
        ServerProcess.copyTree(home.resolve("standalone"), baseDir);
        try {
            for (String war : wars) {
                Files.copy(war(war), baseDir.resolve("deployments").resolve(war + ".war"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int offset = freeOffset();
        httpPort = 8080 + offset;
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
        process = launch(cmd, env, runDir.resolve("console.log"));
        awaitDeployments(wars);
        return this;
    }

    /** An offset that leaves every port WildFly opens (8080, 8443, 9990, 9993, 4712, 4713, 8009...) free. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(20000, 50000);
            boolean free = true;
            for (int port : new int[] {8080, 8443, 9990, 9993, 4712, 4713, 8009}) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(port + offset, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new AssertionError("No free port range for WildFly");
    }

    private void awaitDeployments(String... wars) {
        await("settle its deployments", 180, () -> settled(wars)
                && (log().contains("WFLYSRV0025") || log().contains("WFLYSRV0026")));
    }

    /** Read from the deployment scanner's marker files; empty while neither is there. */
    @Override
    Optional<Boolean> deployed(String war) {
        Path deployments = baseDir.resolve("deployments");
        return marker(deployments.resolve(war + ".war.deployed"), deployments.resolve(war + ".war.failed"));
    }

    @Override
    String log() {
        return read(baseDir.resolve("log/server.log")) + read(runDir.resolve("console.log"));
    }
}
