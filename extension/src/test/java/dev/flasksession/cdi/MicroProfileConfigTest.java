package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flasksession.config.SessionConfig;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import java.util.Optional;
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
    void secretKeysAreTakenByteForByteWithNoExpressionExpanded() {
        for (String key : List.of("p4$$w0rd${x}", "  spaced key 0123456789  ", "${HOME}-is-not-expanded-0123")) {
            System.setProperty("SECRET_KEY", key);
            System.setProperty("SECRET_KEY_FALLBACKS", "[\"" + key + "\"]");
            try {
                SessionConfig c = config();
                assertEquals(Optional.of(key), c.secretKey(), key);
                assertEquals(List.of(key), c.secretKeyFallbacks(), key);
            } finally {
                System.clearProperty("SECRET_KEY");
                System.clearProperty("SECRET_KEY_FALLBACKS");
            }
        }
    }

    @Test
    void profilesStillChooseTheSecretKey() {
        System.setProperty("mp.config.profile", "prod");
        System.setProperty("%prod.SECRET_KEY", "prod-key ${not-expanded} 0123456789");
        System.setProperty("SECRET_KEY", "default-key-0123456789");
        // The profile is read when the Config is built, and the built Config is cached per class loader.
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        try {
            assertEquals(Optional.of("prod-key ${not-expanded} 0123456789"), config().secretKey());
        } finally {
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
            System.clearProperty("mp.config.profile");
            System.clearProperty("%prod.SECRET_KEY");
            System.clearProperty("SECRET_KEY");
        }
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
