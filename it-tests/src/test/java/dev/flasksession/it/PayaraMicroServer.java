package dev.flasksession.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Payara Micro from its jar: a fresh {@code --rootdir} per run, no clustering, the WARs deployed at start. */
final class PayaraMicroServer extends AppServer {
    PayaraMicroServer(String name) {
        super(name);
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        Path jar = distribution("flasksession.payara.version", "payara-micro-%s.jar");
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
        await("start", 240, () -> log().matches("(?s).*Payara Micro .* ready in .*"));
        return this;
    }

    @Override
    String log() {
        return read(runDir.resolve("payara.log"));
    }
}
