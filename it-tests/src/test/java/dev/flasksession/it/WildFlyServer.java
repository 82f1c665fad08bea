package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
        Path zip = Path.of(servers(), "wildfly-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError(zip + " is missing: mvn -pl it-tests verify fetches it from Maven Central");
        }
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
        Path deployments = baseDir.resolve("deployments");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("WildFly exited with " + process.exitValue() + ":\n" + tail());
            }
            boolean settled = true;
            for (String war : wars) {
                settled &= Files.exists(deployments.resolve(war + ".war.deployed"))
                        || Files.exists(deployments.resolve(war + ".war.failed"));
            }
            String log = log();
            if (settled && (log.contains("WFLYSRV0025") || log.contains("WFLYSRV0026"))) {
                return;
            }
            ServerProcess.sleep(250);
        }
        throw new AssertionError("WildFly did not settle its deployments within 180 s:\n" + tail());
    }

    /**
     * @param war a deployed WAR's name
     * @return whether WildFly deployed it
     */
    boolean deployed(String war) {
        return Files.exists(baseDir.resolve("deployments").resolve(war + ".war.deployed"));
    }

    @Override
    String log() {
        return read(baseDir.resolve("log/server.log")) + read(runDir.resolve("console.log"));
    }
}
