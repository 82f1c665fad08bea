package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL store on real WildFly, Payara Micro, GlassFish and Open Liberty with the container's own pool: the sample
 * WAR, with the SQL backend selected in {@code beans.xml}, declares a standard {@code <data-source>} in its
 * {@code web.xml} (the PostgreSQL driver in {@code WEB-INF/lib}) and names it in {@code SESSION_JDBC_DATASOURCE}.
 * Sessions land in a real PostgreSQL through that data source (its {@code ApplicationName} marks its statements in
 * PostgreSQL's log, and its connection stays open after the request, as a pool's does), and HikariCP is never used.
 * A WAR naming a data source that does not exist fails its deployment with the extension's message naming the
 * setting (GlassFish and Payara: its first session request). The WARs are made at test time from the built sample.
 */
class ContainerDataSourceIT {
    private static final String WAR = "flask-session-sample-jndi";
    private static final String UNKNOWN_WAR = "flask-session-sample-jndi-unknown";
    private static final String JNDI_NAME = "java:app/jdbc/sessions";
    private static final String UNKNOWN_NAME = "java:app/jdbc/no-such-datasource";
    private static final String TABLE = "container_sessions";
    /** The data source's {@code ApplicationName}: its connections and statements, by name, in PostgreSQL. */
    private static final String POOL_NAME = "container-pool";
    /**
     * Where an unknown name fails the first session request rather than the deployment: GlassFish and Payara start
     * CDI before they bind an application's data sources, and fire no CDI event after.
     */
    private static final Set<String> CHECKED_ON_FIRST_USE = Set.of("payara", "glassfish");
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgresAndMakeWars() throws IOException {
        pg = PostgresServer.start("container-datasource");
        Path sample = AppServer.war("flask-session-sample");
        byte[] beansXml = Files.readAllBytes(Path.of(ServerProcess.property("flasksession.sample.apps"), "redis",
                "beans.xml"));
        beansXml = new String(beansXml, StandardCharsets.UTF_8).replace("dev.flasksession.redis.RedisSessionInterface",
                "dev.flasksession.jdbc.JdbcSessionInterface").replace("on Redis", "on SQL").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> good = new LinkedHashMap<>();
        good.put("WEB-INF/beans.xml", beansXml);
        good.put("WEB-INF/web.xml", webXml(pg.port()).getBytes(StandardCharsets.UTF_8));
        good.put("WEB-INF/lib/" + driverJar().getFileName(), Files.readAllBytes(driverJar()));
        good.put("WEB-INF/classes/META-INF/microprofile-config.properties", config(JNDI_NAME));
        repack(sample, WAR, good);
        Map<String, byte[]> unknown = new LinkedHashMap<>();
        unknown.put("WEB-INF/beans.xml", beansXml);
        unknown.put("WEB-INF/classes/META-INF/microprofile-config.properties", config(UNKNOWN_NAME));
        repack(sample, UNKNOWN_WAR, unknown);
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    private static AppServer server(String kind) {
        // Liberty loads only the features listed: <data-source> needs JDBC, a java: lookup needs JNDI; and it
        // takes the driver of an application's <data-source> from a shared library only, never WEB-INF/lib.
        return kind.equals("openliberty") ? new OpenLibertyServer(kind, "jdbc-4.3", "jndi-1.0").globalLibrary(driverJar())
                : AppServer.of(kind);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wildfly", "payara", "glassfish", "openliberty"})
    void sessionsGoThroughTheContainersDataSource(String kind) throws SQLException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRET_KEY", "container-datasource-secret-0123");
        env.put("SESSION_SQLALCHEMY_TABLE", TABLE);
        env.put("PERMANENT_SESSION_LIFETIME", "600");
        // Opened before it starts, so a server that fails to settle is stopped too.
        try (AppServer server = server(kind)) {
            server.start(env, WAR, UNKNOWN_WAR);
            Target app = server.app(WAR);
            server.awaitHttp(app, 60);
            String log = server.log();
            assertTrue(log.contains("active backend dev.flasksession.jdbc.JdbcSessionInterface"), server.tail());
            assertTrue(log.contains("SESSION_JDBC_DATASOURCE=" + JNDI_NAME), server.tail());
            int statementsBefore = pg.statementsOf(POOL_NAME).size();

            Http.Reply put = Http.send("PUT", app.url("/api/session/user"), null, "\"ann\"");
            assertEquals(204, put.status(), server.tail());
            String sid = put.cookie("session").orElseThrow(() -> new AssertionError(put.setCookies() + server.tail()));
            try (Connection c = pg.connect();
                    PreparedStatement row = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE session_id = ?")) {
                row.setString(1, "session:" + sid);
                try (ResultSet r = row.executeQuery()) {
                    r.next();
                    assertEquals(1, r.getInt(1), "the row session:<id> is in " + TABLE);
                }
            }
            String read = Http.get(app.url("/api/session"), "session=" + sid).body();
            assertTrue(read.contains("\"user\"") && read.contains("\"ann\""), read);
            assertEquals("ann", Http.get(app.url("/api/me"), "session=" + sid).body());

            List<String> sent = pg.statementsOf(POOL_NAME);
            assertTrue(sent.size() > statementsBefore && sent.stream().anyMatch(s -> s.contains("INSERT INTO " + TABLE)),
                    "the sessions went through the data source declared in web.xml: " + sent);
            assertTrue(openConnections() >= 1, "the container pools the data source's connections");
            assertFalse(server.log().toLowerCase(Locale.ROOT).contains("hikari"), "HikariCP is not used");

            String message = "SESSION_JDBC_DATASOURCE: '" + UNKNOWN_NAME + "' cannot be looked up";
            if (CHECKED_ON_FIRST_USE.contains(kind)) {
                // No CDI event reaches the application once GlassFish has bound its data sources: the first
                // session request fails, with the message in the log.
                Http.Reply first = Http.send("PUT", server.app(UNKNOWN_WAR).url("/api/session/user"), null, "\"ann\"");
                assertEquals(500, first.status(), server.tail());
            } else {
                assertFalse(serving(server.app(UNKNOWN_WAR)), UNKNOWN_WAR + " must not be serving");
                server.deployed(UNKNOWN_WAR).ifPresent(deployed -> assertFalse(deployed, UNKNOWN_WAR + " must not deploy"));
            }
            assertTrue(server.log().contains(message), server.tail());
        }
    }

    /** @return the connections the data source holds open now, between requests */
    private static int openConnections() throws SQLException {
        try (Connection c = pg.connect();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            q.setString(1, POOL_NAME);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static boolean serving(Target app) {
        try {
            return Http.get(app.url("/api/ping"), null).status() == 200;
        } catch (AssertionError refused) {
            return false;
        }
    }

    private static byte[] config(String dataSource) {
        return ("SESSION_JDBC_DATASOURCE=" + dataSource + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Servlet 6.0's {@code <data-source>}: the container makes, pools and binds it; nothing server-specific. */
    private static String webXml(int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                    <data-source>
                        <name>%s</name>
                        <class-name>org.postgresql.ds.PGSimpleDataSource</class-name>
                        <server-name>127.0.0.1</server-name>
                        <port-number>%d</port-number>
                        <database-name>postgres</database-name>
                        <user>postgres</user>
                        <!-- GlassFish and Payara want one ("No password credential found"); trust ignores it. -->
                        <password>unchecked</password>
                        <property>
                            <name>applicationName</name>
                            <value>%s</value>
                        </property>
                    </data-source>
                </web-app>
                """.formatted(JNDI_NAME, port, POOL_NAME);
    }

    /** @return PostgreSQL's JDBC driver, a test dependency, from the class path */
    private static Path driverJar() {
        try {
            Path jar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isRegularFile(jar), "the driver is a jar: " + jar);
            return jar;
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Copies a WAR entry by entry into {@code flasksession.wars.dir}, where {@link AppServer#war} finds it.
     *
     * @param from    the built WAR
     * @param name    the new WAR's name, its context root
     * @param replace entries to add, or to write instead of the WAR's own
     */
    private static void repack(Path from, String name, Map<String, byte[]> replace) {
        Path to = Path.of(ServerProcess.property("flasksession.wars.dir"), name + ".war");
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (replace.containsKey(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : replace.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNotNull(AppServer.war(name));
    }
}
