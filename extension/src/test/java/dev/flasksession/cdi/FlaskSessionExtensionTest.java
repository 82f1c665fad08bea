package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.EncryptedCookieSessionInterface;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The portable extension in a real Weld container: backend selection and every deployment problem. */
public class FlaskSessionExtensionTest {
    private static final Class<?>[] LIBRARY = {SessionConfigProducer.class, CurrentSession.class, SessionEvents.class,
        SecureCookieSessionInterface.class, EncryptedCookieSessionInterface.class, NullSessionInterface.class};

    private final Map<String, String> properties = new ConcurrentHashMap<>();

    private void set(String name, String value) {
        properties.put(name, value);
        System.setProperty(name, value);
    }

    @AfterEach
    void clear() {
        properties.keySet().forEach(System::clearProperty);
    }

    static Weld weld(Class<?>... application) {
        return new Weld().disableDiscovery().addBeanClasses(LIBRARY).addBeanClasses(application)
                .addExtension(new FlaskSessionExtension());
    }

    private static SessionInterface active(WeldContainer container) {
        return container.select(SessionInterface.class).get();
    }

    static String deploymentFailure(Weld weld) {
        Exception e = assertThrows(Exception.class, () -> weld.initialize().close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** Runs with a class loader that also sees a beans.xml selecting the given alternatives, as an application's. */
    static <T> T withBeansXml(String alternatives, Supplier<T> action) throws IOException {
        return withBeansXml("META-INF/beans.xml", alternatives, action);
    }

    private static <T> T withBeansXml(String path, String alternatives, Supplier<T> action) throws IOException {
        Path dir = Files.createTempDirectory("app-archive");
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                + "version=\"4.0\" bean-discovery-mode=\"annotated\"><alternatives>" + alternatives + "</alternatives></beans>");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader app = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(app);
            return action.get();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void theDefaultIsTheSignedCookieBackend() {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        try (WeldContainer c = weld().initialize()) {
            assertInstanceOf(SecureCookieSessionInterface.class, active(c));
        }
    }

    @Test
    void aBeansXmlLineSelectsTheBackendForTheLibrary() throws IOException {
        Class<?> selected = withBeansXml("<class>dev.flasksession.session.NullSessionInterface</class>", () -> {
            try (WeldContainer c = weld().initialize()) {
                return active(c).getClass();
            }
        });
        assertEquals(NullSessionInterface.class, selected);
    }

    /** Open Liberty's case: the library jar is a copy outside the WAR, and the class loader serves the WAR's root. */
    @Test
    void aWarBeansXmlSeenOnlyThroughTheClassLoaderSelectsTheBackend() throws IOException {
        Class<?> selected = withBeansXml("WEB-INF/beans.xml", "<class>dev.flasksession.session.NullSessionInterface</class>", () -> {
            try (WeldContainer c = weld().initialize()) {
                return active(c).getClass();
            }
        });
        assertEquals(NullSessionInterface.class, selected);
    }

    @Test
    void twoBackendsInBeansXmlAreADeploymentProblem() throws IOException {
        String failure = withBeansXml("<class>dev.flasksession.session.NullSessionInterface</class>"
                + "<class>dev.flasksession.session.EncryptedCookieSessionInterface</class>", () -> deploymentFailure(weld()));
        assertTrue(failure.contains("beans.xml selects more than one session backend"), failure);
        assertTrue(failure.contains("NullSessionInterface") && failure.contains("EncryptedCookieSessionInterface"), failure);
    }

    /** An application's own backend, as a JDBC one would be: here its store is a map. */
    @Alternative
    @Priority(100)
    @Dependent
    public static class MapSessionInterface extends SessionInterface {
        static final Map<String, Map<String, Object>> STORE = new ConcurrentHashMap<>();

        @Inject
        public MapSessionInterface(SessionConfig config) {
            super(config, Clock.systemUTC());
        }

        @Override
        public FlaskSession openSession(SessionRequest request) {
            return new FlaskSession(request.cookie(getCookieName()).map(STORE::get).orElse(Map.of()), false);
        }

        @Override
        public void saveSession(FlaskSession session, SessionResponse response) {
            STORE.put("the-user", Map.copyOf(session.contents()));
        }
    }

    @Test
    void anApplicationsPriorityBackendWins() {
        try (WeldContainer c = weld(MapSessionInterface.class).initialize()) {
            SessionInterface backend = active(c);
            assertInstanceOf(MapSessionInterface.class, backend);
            FlaskSession s = backend.openSession(SessionRequest.fromCookieHeaders(java.util.List.of()));
            s.put("user_id", 7);
            backend.saveSession(s, null);
            assertEquals(Map.of("user_id", 7), MapSessionInterface.STORE.get("the-user"));
        }
    }

    /** Extends a shipped backend by overriding one hook. */
    @Alternative
    @Priority(100)
    @Dependent
    public static class TenantCookies extends SecureCookieSessionInterface {
        @Inject
        public TenantCookies(SessionConfig config) {
            super(config);
        }

        @Override
        public Optional<String> getCookieDomain() {
            return Optional.of("tenant.example");
        }
    }

    /** A second application backend, to collide with the first. */
    @Alternative
    @Priority(200)
    @Dependent
    public static class OtherCookies extends SecureCookieSessionInterface {
        @Inject
        public OtherCookies(SessionConfig config) {
            super(config);
        }
    }

    /** A producer that picks the backend, on a class that is a priority alternative (as the demo does). */
    @Alternative
    @Priority(100)
    @jakarta.enterprise.context.ApplicationScoped
    public static class ProducedBackend {
        @jakarta.enterprise.inject.Produces
        SessionInterface backend(SessionConfig config) {
            return new NullSessionInterface(config);
        }
    }

    @Test
    void aProducerOnAnAlternativeClassIsTheBackend() {
        try (WeldContainer c = weld(ProducedBackend.class).initialize()) {
            assertInstanceOf(NullSessionInterface.class, active(c));
        }
    }

    /** An application that configures in code instead of through settings. */
    @Alternative
    @Priority(100)
    @jakarta.enterprise.context.ApplicationScoped
    public static class ConfigInCode {
        @jakarta.enterprise.inject.Produces
        SessionConfig config() {
            return SessionConfig.builder().secretKey("configured-in-code-0123456789").cookieName("app_session").build();
        }
    }

    @Test
    void anApplicationsConfigurationProducerReplacesTheSettings() {
        try (WeldContainer c = weld(ConfigInCode.class).initialize()) {
            SessionInterface backend = active(c);
            assertEquals("app_session", backend.getCookieName());
            assertTrue(backend.config().secretKey().isPresent());
        }
    }

    @Test
    void overridingOneHookKeepsTheRest() {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        try (WeldContainer c = weld(TenantCookies.class).initialize()) {
            SessionInterface backend = active(c);
            assertEquals(Optional.of("tenant.example"), backend.getCookieDomain());
            assertEquals("session", backend.getCookieName());
        }
    }

    @Test
    void twoEnabledBackendsAreADeploymentProblem() {
        String failure = deploymentFailure(weld(TenantCookies.class, OtherCookies.class));
        assertTrue(failure.contains("more than one session backend is enabled"), failure);
        assertTrue(failure.contains("TenantCookies") && failure.contains("OtherCookies"), failure);
    }

    @Test
    void aShortSecretKeyOnASigningBackendIsADeploymentProblem() {
        set("SECRET_KEY", "short");
        String failure = deploymentFailure(weld());
        assertTrue(failure.contains("SECRET_KEY is 5 bytes, too short for dev.flasksession.session.SecureCookieSessionInterface"), failure);
        assertTrue(failure.contains("at least 16 random bytes"), failure);
        assertTrue(!failure.contains("short,") && !failure.contains("'short'"), "the key itself is not shown");
    }

    @Test
    void theEncryptedBackendIsSelectedInBeansXmlAndNeedsALongKey() throws IOException {
        String selection = "<class>dev.flasksession.session.EncryptedCookieSessionInterface</class>";
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        Class<?> selected = withBeansXml(selection, () -> {
            try (WeldContainer c = weld().initialize()) {
                return active(c).getClass();
            }
        });
        assertEquals(EncryptedCookieSessionInterface.class, selected);

        set("SECRET_KEY", "short");
        String failure = withBeansXml(selection, () -> deploymentFailure(weld()));
        assertTrue(failure.contains("SECRET_KEY is 5 bytes, too short for "
                + "dev.flasksession.session.EncryptedCookieSessionInterface, which encrypts with it"), failure);
    }

    @Test
    void sameSiteNoneWithoutSecureIsADeploymentProblem() {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        set("SESSION_COOKIE_SAMESITE", "None");
        String failure = deploymentFailure(weld());
        assertTrue(failure.contains("SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE=true"), failure);
        set("SESSION_COOKIE_SECURE", "true");
        try (WeldContainer c = weld().initialize()) {
            assertTrue(active(c).getCookieSecure());
        }
    }

    @Test
    void aBadSettingIsADeploymentProblemNamingIt() {
        set("PERMANENT_SESSION_LIFETIME", "abc");
        String failure = deploymentFailure(weld());
        assertTrue(failure.contains("PERMANENT_SESSION_LIFETIME: 'abc' is not a whole number of seconds"), failure);
    }

    @Test
    void aServerSideSettingOnACookieBackendIsADeploymentProblemNamingIt() throws IOException {
        set("SECRET_KEY", "a-secret-key-of-enough-length");
        set("SESSION_HEADER_NAME", "X-Session-Id");
        String failure = deploymentFailure(weld());
        assertTrue(failure.contains("SESSION_HEADER_NAME: is one of the settings under 'Server-side backends only', "
                + "which dev.flasksession.session.SecureCookieSessionInterface does not read"), failure);
        String encrypted = withBeansXml("<class>dev.flasksession.session.EncryptedCookieSessionInterface</class>",
                () -> deploymentFailure(weld()));
        assertTrue(encrypted.contains("SESSION_HEADER_NAME: is one of the settings under 'Server-side backends only', "
                + "which dev.flasksession.session.EncryptedCookieSessionInterface does not read"), encrypted);
    }
}
