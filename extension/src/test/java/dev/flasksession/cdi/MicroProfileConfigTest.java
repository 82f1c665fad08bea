package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flasksession.config.SessionConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** With MicroProfile Config on the class path (SmallRye here, as on WildFly and Payara), settings come from it. */
class MicroProfileConfigTest {
    private static SessionConfig config() {
        try (WeldContainer c = new Weld().disableDiscovery().addBeanClasses(SessionConfigProducer.class).initialize()) {
            return c.select(SessionConfig.class).get();
        }
    }

    @Test
    void microprofileConfigPropertiesAreRead() {
        assertEquals("/from-microprofile-config", config().cookiePath());
    }

    @Test
    void systemPropertiesStillOverride() {
        System.setProperty("SESSION_COOKIE_PATH", "/from-system-property");
        try {
            assertEquals("/from-system-property", config().cookiePath());
        } finally {
            System.clearProperty("SESSION_COOKIE_PATH");
        }
    }
}
