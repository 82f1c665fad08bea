package dev.flasksession.cdi;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Produces the settings, read once under Flask's names: from MicroProfile Config when the application has it (so
 * {@code microprofile-config.properties}, system properties and environment variables all work), otherwise from
 * system properties and then environment variables.
 *
 * <p>To configure in code instead, produce your own {@link SessionConfig} (or {@link ConfigSource}) from a method
 * annotated {@code @Produces @Alternative @Priority(...)}; it then replaces this one for the whole application.
 */
@ApplicationScoped
public class SessionConfigProducer {
    private volatile SessionConfig config;
    private volatile ConfigSource source;

    /** @return where raw settings are read from: MicroProfile Config, or system properties then environment */
    @Produces
    @Dependent
    public ConfigSource configSource() {
        ConfigSource s = source;
        if (s == null) {
            s = ConfigSource.detect();
            source = s;
        }
        return s;
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
