package dev.flasksession.cdi;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Produces the settings, read once from system properties and then environment variables under Flask's names.
 *
 * <p>To configure in code instead, produce your own {@link SessionConfig} (or {@link ConfigSource}) from a method
 * annotated {@code @Produces @Alternative @Priority(...)}; it then replaces this one for the whole application.
 */
@ApplicationScoped
public class SessionConfigProducer {
    private volatile SessionConfig config;

    /** @return where raw settings are read from: system properties, then environment variables */
    @Produces
    @Dependent
    public ConfigSource configSource() {
        return ConfigSource.systemPropertiesThenEnvironment();
    }

    /**
     * @param source where raw settings come from
     * @return the parsed settings, the same instance for the application's lifetime
     * @throws dev.flasksession.config.SessionConfigException naming a setting with a bad value
     */
    @Produces
    @Dependent
    public SessionConfig sessionConfig(ConfigSource source) {
        SessionConfig c = config;
        if (c == null) {
            synchronized (this) {
                if (config == null) {
                    config = SessionConfig.from(source);
                }
                c = config;
            }
        }
        return c;
    }
}
