package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Open Liberty from its runtime zip: a fresh user directory per run holding one server with the features the sample
 * needs (CDI, Jakarta REST, MicroProfile Config) on a free loopback port, the WARs in {@code dropins/}, readiness
 * read from each application's start or failure message.
 */
final class OpenLibertyServer extends AppServer {
    /** Only what the sample uses: Liberty loads no more than the features listed, which keeps its start short. */
    private static final String SERVER_XML = """
            <server>
              <featureManager>
                <feature>cdi-4.0</feature>
                <feature>restfulWS-3.1</feature>
                <feature>mpConfig-3.1</feature>
            %s  </featureManager>
              <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
            </server>
            """;

    private final List<String> features;
    private final List<Path> globalLibraries = new ArrayList<>();
    private Path serverDir;

    /**
     * @param name     a name for the run's folder
     * @param features Liberty features to load besides the sample's, e.g. {@code jdbc-4.3}
     */
    OpenLibertyServer(String name, String... features) {
        super(name);
        this.features = List.of(features);
    }

    /**
     * Adds a jar to the server's global library ({@code lib/global}), which every application without a
     * {@code <classloader>} element sees, those in {@code dropins/} included: where Liberty wants a JDBC driver for an
     * application-defined {@code <data-source>}, which it does not take from {@code WEB-INF/lib}.
     *
     * @param jar the jar
     * @return this
     */
    OpenLibertyServer globalLibrary(Path jar) {
        globalLibraries.add(jar);
        return this;
    }

    @Override
    AppServer start(Map<String, String> env, String... wars) {
        Path zip = distribution("flasksession.openliberty.version", "openliberty-runtime-%s.zip");
        Path home = unzipOnce(zip, Path.of(servers(), "openliberty-dist")).resolve("wlp");
        Path userDir = runDir.resolve("usr");
        serverDir = userDir.resolve("servers/it");
        try {
            httpPort = ServerProcess.freePort();
            Files.createDirectories(serverDir.resolve("dropins"));
            Files.writeString(serverDir.resolve("server.xml"), SERVER_XML.formatted(features.stream()
                    .map(f -> "    <feature>" + f + "</feature>\n").collect(Collectors.joining()), httpPort), StandardCharsets.UTF_8);
            for (Path jar : globalLibraries) {
                Files.createDirectories(serverDir.resolve("lib/global"));
                Files.copy(jar, serverDir.resolve("lib/global").resolve(jar.getFileName()));
            }
            Files.writeString(serverDir.resolve("jvm.options"), "-Xmx768m\n", StandardCharsets.UTF_8);
            for (String war : wars) {
                Files.copy(war(war), serverDir.resolve("dropins").resolve(war + ".war"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> withJava = new LinkedHashMap<>(env);
        withJava.put("JAVA_HOME", System.getProperty("java.home"));
        withJava.put("WLP_USER_DIR", userDir.toString());
        process = launch(List.of("bash", home.resolve("bin/server").toString(), "run", "it"), withJava,
                runDir.resolve("console.log"));
        await("settle its deployments", 240, () -> settled(wars) && log().contains("CWWKF0011I"));
        return this;
    }

    /**
     * Read from the messages: CWWKZ0001I when the application started, CWWKZ0002E or CWWKZ0012I when it failed.
     */
    @Override
    Optional<Boolean> deployed(String war) {
        String log = log();
        if (log.contains("CWWKZ0001I: Application " + war + " started")) {
            return Optional.of(true);
        }
        // CWWKZ0012I when a listener failed the start (the web module had begun, so there is no CWWKZ0002E).
        return log.contains("starting the application " + war + ". ")
                || log.contains("CWWKZ0012I: The application " + war + " was not started")
                ? Optional.of(false) : Optional.empty();
    }

    @Override
    String log() {
        return read(serverDir.resolve("logs/messages.log")) + read(runDir.resolve("console.log"));
    }
}
