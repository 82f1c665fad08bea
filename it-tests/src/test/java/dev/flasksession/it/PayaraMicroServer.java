package dev.flasksession.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Payara Micro from its jar: a fresh {@code --rootdir} per run, no clustering, the WARs deployed at start. */
final class PayaraMicroServer extends AppServer {
    PayaraMicroServer(String name) {
        super(name);
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        String version = ServerProcess.property("flasksession.payara.version");
        Path jar = Path.of(servers(), "payara-micro-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: mvn -pl it-tests verify fetches it from Maven Central");
        }
        try {
            httpPort = ServerProcess.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx768m", "-jar", jar.toString(),
                "--port", Integer.toString(httpPort), "--nocluster", "--rootdir", runDir.resolve("root").toString()));
        for (String war : wars) {
            cmd.add("--deploy");
            cmd.add(war(war).toString());
        }
        process = launch(cmd, env, runDir.resolve("payara.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + process.exitValue() + ":\n" + tail());
            }
            if (log().matches("(?s).*Payara Micro .* ready in .*")) {
                return this;
            }
            ServerProcess.sleep(250);
        }
        throw new AssertionError("Payara Micro did not start within 240 s:\n" + tail());
    }

    @Override
    String log() {
        return read(runDir.resolve("payara.log"));
    }
}
