package dev.flasksession.config;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings from MicroProfile Config, which WildFly and Payara ship: {@code microprofile-config.properties}, system
 * properties and environment variables, under Flask's names. Loaded only when the API and an implementation are
 * present, so this library runs without them.
 */
final class MicroProfileConfigSource implements ConfigSource {
    private final Config config;

    private MicroProfileConfigSource(Config config) {
        this.config = config;
    }

    /** @return the application's MicroProfile Config, or empty when none is available */
    static Optional<ConfigSource> load() {
        try {
            return Optional.of(new MicroProfileConfigSource(ConfigProvider.getConfig()));
        } catch (IllegalStateException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> get(String name) {
        return config.getOptionalValue(name, String.class);
    }

    /** Asks the sources themselves, highest ordinal first, because the {@code Config} would expand expressions. */
    @Override
    public Optional<String> getRaw(String name) {
        for (org.eclipse.microprofile.config.spi.ConfigSource s : config.getConfigSources()) {
            String value = s.getValue(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MicroProfile Config";
    }
}
