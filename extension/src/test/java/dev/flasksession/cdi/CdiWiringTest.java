package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
class CdiWiringTest {
    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                    .addBeanClasses(SessionConfigProducer.class, CurrentSession.class, SecureCookieSessionInterface.class)
                    .addExtension(new FlaskSessionExtension()))
            .activate(RequestScoped.class)
            .build();

    @Inject
    SessionInterface sessionInterface;

    @Inject
    SessionConfig config;

    @Test
    void theDefaultBackendIsTheSignedCookieOne() {
        assertInstanceOf(SecureCookieSessionInterface.class, sessionInterface);
        assertSame(config, weld.select(SessionConfig.class).get(), "parsed once");
    }

    @Test
    void injectedSessionIsTheOneTheFilterOpened() {
        FlaskSession opened = new FlaskSession();
        weld.select(CurrentSession.class).get().open(dev.flasksession.session.SessionRequest.fromCookieHeaders(java.util.List.of()), opened);
        FlaskSession injected = weld.select(FlaskSession.class).get();
        injected.put("a", 1);
        assertEquals(1, opened.get("a"));
        assertTrue(opened.isModified());
    }

    @Test
    void aBadSettingFailsTheContainerStartNamingTheSetting() {
        System.setProperty("SESSION_COOKIE_SAMESITE", "Loose");
        try {
            Exception e = assertThrows(Exception.class, () -> new org.jboss.weld.environment.se.Weld()
                    .disableDiscovery()
                    .addBeanClasses(SessionConfigProducer.class, CurrentSession.class, SecureCookieSessionInterface.class)
                    .addExtension(new FlaskSessionExtension())
                    .initialize()
                    .close());
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertTrue(root.getMessage().startsWith("SESSION_COOKIE_SAMESITE: 'Loose'"), root.getMessage());
        } finally {
            System.clearProperty("SESSION_COOKIE_SAMESITE");
        }
    }

    @Test
    void withoutAnOpenSessionTheErrorSaysWhatToRegister() {
        FlaskSession injected = weld.select(FlaskSession.class).get();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> injected.get("a"));
        assertTrue(e.getMessage().contains("SessionFilter"), e.getMessage());
    }
}
