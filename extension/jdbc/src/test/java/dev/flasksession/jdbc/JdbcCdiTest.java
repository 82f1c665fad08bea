package dev.flasksession.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.cdi.CurrentSession;
import dev.flasksession.cdi.FlaskSessionExtension;
import dev.flasksession.cdi.SessionConfigProducer;
import dev.flasksession.cdi.SessionEvents;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.EncryptedCookieSessionInterface;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL backend in a real Weld container: the portable extension collects it as a backend whether a
 * {@code beans.xml} line or {@code @Priority} selects it, it takes the application's {@code DataSource} bean, and a
 * deployment without a database, or with a bad setting, fails naming the setting. No database is touched: the
 * backend connects on first use.
 */
class JdbcCdiTest {
    private static final Class<?>[] LIBRARY = {SessionConfigProducer.class, CurrentSession.class, SessionEvents.class,
        SecureCookieSessionInterface.class, EncryptedCookieSessionInterface.class, NullSessionInterface.class,
        JdbcSessionInterface.class, JdbcConnections.class};

    private final Set<String> properties = new HashSet<>();

    private void set(String name, String value) {
        properties.add(name);
        System.setProperty(name, value);
    }

    @AfterEach
    void clear() {
        properties.forEach(System::clearProperty);
    }

    private static Weld weld(Class<?>... application) {
        return new Weld().disableDiscovery().addBeanClasses(LIBRARY).addBeanClasses(application)
                .addExtension(new FlaskSessionExtension());
    }

    /** A data source that must never be asked for a connection in these tests. */
    static final DataSource UNUSED = (DataSource) Proxy.newProxyInstance(JdbcCdiTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (method.getName().equals("toString")) {
                    return "unused";
                }
                throw new AssertionError("connected at deployment: " + method);
            });

    /** The application's own pool, as a container or a CDI producer gives it. */
    @ApplicationScoped
    public static class ApplicationDataSource {
        @Produces
        DataSource dataSource() {
            return UNUSED;
        }
    }

    private static <T> T withBeansXml(String alternatives, Supplier<T> action) throws IOException {
        Path dir = Files.createTempDirectory("app-archive");
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/beans.xml"), "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                + "version=\"4.0\" bean-discovery-mode=\"annotated\"><alternatives>" + alternatives + "</alternatives></beans>");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader app = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(app);
            return action.get();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    private static String deploymentFailure(Weld weld) {
        Exception e = assertThrows(Exception.class, () -> weld.initialize().close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aBeansXmlLineSelectsTheSqlBackendOnTheApplicationsDataSource() throws IOException {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        String line = "<class>dev.flasksession.jdbc.JdbcSessionInterface</class>";
        withBeansXml(line, () -> {
            try (WeldContainer c = weld(ApplicationDataSource.class).initialize()) {
                assertInstanceOf(JdbcSessionInterface.class, c.select(SessionInterface.class).get());
                assertSame(UNUSED, c.select(JdbcConnections.class).get().dataSource());
            }
            return null;
        });
    }

    /** An application's own SQL backend, changing one hook. */
    @Alternative
    @Priority(100)
    @Dependent
    public static class TenantJdbc extends JdbcSessionInterface {
        @Inject
        public TenantJdbc(SessionConfig config, JdbcConnections connections) {
            super(config, connections);
        }

        @Override
        public Optional<String> getCookieDomain() {
            return Optional.of("tenant.example");
        }
    }

    @Test
    void aPriorityAlternativeExtendingTheSqlBackendIsCollected() {
        try (WeldContainer c = weld(ApplicationDataSource.class, TenantJdbc.class).initialize()) {
            assertInstanceOf(TenantJdbc.class, c.select(SessionInterface.class).get());
        }
    }

    @Test
    void twoSelectedBackendsIncludingTheSqlOneAreADeploymentProblem() throws IOException {
        String failure = withBeansXml("<class>dev.flasksession.jdbc.JdbcSessionInterface</class>"
                + "<class>dev.flasksession.session.NullSessionInterface</class>", () -> deploymentFailure(weld()));
        assertTrue(failure.contains("more than one session backend") && failure.contains("JdbcSessionInterface"), failure);
    }

    @Test
    void withoutADatabaseTheDeploymentFailsSayingWhatToSet() throws IOException {
        String failure = withBeansXml("<class>dev.flasksession.jdbc.JdbcSessionInterface</class>",
                () -> deploymentFailure(weld()));
        assertTrue(failure.contains("SESSION_JDBC_URL") && failure.contains("SESSION_JDBC_DATASOURCE"), failure);
    }

    @Test
    void anUnknownDataSourceNameFailsTheDeploymentNotTheFirstRequest() throws IOException {
        set("SESSION_JDBC_DATASOURCE", "java:app/jdbc/nothing-here");
        String failure = withBeansXml("<class>dev.flasksession.jdbc.JdbcSessionInterface</class>",
                () -> deploymentFailure(weld()));
        assertTrue(failure.contains("SESSION_JDBC_DATASOURCE") && failure.contains("java:app/jdbc/nothing-here"),
                failure);
    }

    @Test
    void aDataSourceNameIsNotLookedUpWhenAnotherBackendIsActive() {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        set("SESSION_JDBC_DATASOURCE", "java:app/jdbc/nothing-here");
        try (WeldContainer c = weld().initialize()) {
            assertInstanceOf(SecureCookieSessionInterface.class, c.select(SessionInterface.class).get());
        }
    }

    @Test
    void theSignerNeedsALongKeyAndTheLogMasksThePassword() throws IOException {
        set("SESSION_USE_SIGNER", "true");
        set("SECRET_KEY", "short");
        String failure = withBeansXml("<class>dev.flasksession.jdbc.JdbcSessionInterface</class>",
                () -> deploymentFailure(weld(ApplicationDataSource.class)));
        assertTrue(failure.contains("SECRET_KEY is 5 bytes"), failure);
    }

    /** What only the Redis backend has fails the deployment on the SQL one, rather than being silently missing. */
    @Test
    void redisOnlySettingsFailTheDeploymentNamingTheSetting() throws IOException {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        for (Map.Entry<String, String> setting : Map.of("SESSION_TRACK_USERS", "true", "SESSION_MAX_PER_USER", "3",
                "SESSION_SAVE_STRATEGY", "merge").entrySet()) {
            set(setting.getKey(), setting.getValue());
            try {
                String failure = withBeansXml("<class>dev.flasksession.jdbc.JdbcSessionInterface</class>",
                        () -> deploymentFailure(weld(ApplicationDataSource.class)));
                assertTrue(failure.contains(setting.getKey() + ": is not available on the SQL backend")
                        || failure.contains(setting.getKey() + ": 'merge' is available only on the Redis backend"),
                        failure);
            } finally {
                System.clearProperty(setting.getKey());
            }
        }
    }

    private static ConfigSource source(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void settingsAreCheckedAndShownWithoutSecrets() {
        JdbcSessionSettings s = JdbcSessionSettings.from(source(Map.of("SESSION_JDBC_URL",
                "jdbc:postgresql://db:5432/app?password=hunter2", "SESSION_JDBC_USER", "app",
                "SESSION_JDBC_PASSWORD", "hunter2", "SESSION_SQLALCHEMY_SCHEMA", "web")));
        assertEquals("web.sessions", s.qualifiedTable());
        assertEquals(1000, s.cleanupEveryNRequests());
        assertTrue(!s.toString().contains("hunter2") && s.toString().contains("jdbc:postgresql://db:5432/app?****"),
                s.toString());
        assertTrue(s.toString().contains("SESSION_KEY_PREFIX=session:"), s.toString());

        SessionConfigException table = assertThrows(SessionConfigException.class, () -> JdbcSessionSettings.from(
                source(Map.of("SESSION_SQLALCHEMY_TABLE", "sessions; DROP TABLE users"))));
        assertTrue(table.getMessage().contains("SESSION_SQLALCHEMY_TABLE"), table.getMessage());
        SessionConfigException tooLong = assertThrows(SessionConfigException.class, () -> JdbcSessionSettings.from(
                source(Map.of("SESSION_ID_LENGTH", "200"))));
        assertTrue(tooLong.getMessage().contains("255"), tooLong.getMessage());
        SessionConfigException url = assertThrows(SessionConfigException.class, () -> JdbcSessionSettings.from(
                source(Map.of("SESSION_JDBC_URL", "postgres://u:secretpw@db/app"))));
        assertTrue(!url.getMessage().contains("secretpw"), url.getMessage());
    }

}
