package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GlassFish 7 from its distribution zip: a copy of {@code domain1} per run with every port moved to a free loopback
 * port, the WARs dropped into {@code autodeploy/}, readiness read from the autodeployer's marker files. GlassFish 7
 * ships MicroProfile Config, so the settings reach the application as on WildFly and Payara.
 */
final class GlassFishServer extends AppServer {
    /** The ports {@code domain1} listens on out of the box, as written in its {@code domain.xml}. */
    private static final List<String> PORTS = List.of("port=\"8080\"", "port=\"8181\"", "port=\"4848\"",
            "port=\"3700\"", "port=\"3820\"", "port=\"3920\"", "port=\"8686\"",
            "\"JMS_PROVIDER_PORT\" value=\"7676\"");

    private Path domain;

    GlassFishServer(String name) {
        super(name);
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        Path zip = distribution("flasksession.glassfish.version", "glassfish-%s.zip");
        Path home = unzipOnce(zip, Path.of(servers(), "glassfish-dist")).resolve("glassfish7/glassfish");
        Path domains = runDir.resolve("domains");
        domain = domains.resolve("domain1");
        ServerProcess.copyTree(home.resolve("domains/domain1"), domain);
        try {
            httpPort = ServerProcess.freePort();
            Path config = domain.resolve("config/domain.xml");
            String xml = Files.readString(config, StandardCharsets.UTF_8);
            Map<String, String> moved = new LinkedHashMap<>();
            for (String port : PORTS) {
                int free = port.equals(PORTS.get(0)) ? httpPort : ServerProcess.freePort();
                moved.put(port, port.replaceAll("\\d+", Integer.toString(free)));
            }
            for (Map.Entry<String, String> m : moved.entrySet()) {
                if (!xml.contains(m.getKey())) {
                    throw new AssertionError(config + " has no " + m.getKey());
                }
                xml = xml.replace(m.getKey(), m.getValue());
            }
            // Listeners bind every interface out of the box; the tests stay on loopback.
            xml = xml.replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                    .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=");
            Files.writeString(config, xml, StandardCharsets.UTF_8);
            for (String war : wars) {
                Files.copy(war(war), domain.resolve("autodeploy").resolve(war + ".war"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --verbose keeps asadmin in the foreground with the server as its child, so both are stopped by PID.
        List<String> cmd = List.of("bash", home.resolve("bin/asadmin").toString(), "start-domain", "--verbose",
                "--domaindir", domains.toString(), "domain1");
        Map<String, String> withJava = new LinkedHashMap<>(env);
        withJava.put("AS_JAVA", System.getProperty("java.home"));
        process = launch(cmd, withJava, runDir.resolve("console.log"));
        await("settle its deployments", 240, () -> settled(wars));
        return this;
    }

    /** Read from the autodeployer's marker files; empty while neither is there. */
    @Override
    Optional<Boolean> deployed(String war) {
        Path autodeploy = domain.resolve("autodeploy");
        return marker(autodeploy.resolve(war + ".war_deployed"), autodeploy.resolve(war + ".war_deployFailed"));
    }

    @Override
    String log() {
        return read(domain.resolve("logs/server.log")) + read(runDir.resolve("console.log"));
    }
}
