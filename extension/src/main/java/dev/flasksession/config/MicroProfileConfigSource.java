package dev.flasksession.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Settings from MicroProfile Config, which WildFly, Payara, GlassFish 7 and Open Liberty ship:
 * {@code microprofile-config.properties}, system properties and environment variables, under Flask's names. Loaded only when the API and an implementation are
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

    /**
     * The value before expression expansion, still chosen by profile ({@code %prod.SECRET_KEY}) and source ordinal
     * as any other value. An implementation that expands while looking the value up, and fails on an expression it
     * cannot expand, gets the sources asked directly, highest ordinal first.
     */
    @Override
    public Optional<String> getRaw(String name) {
        try {
            ConfigValue value = config.getConfigValue(name);
            if (value != null && value.getRawValue() != null) {
                return Optional.of(value.getRawValue());
            }
        } catch (RuntimeException unexpandable) {
            // asked below, without expansion
        }
        List<String> candidates = new ArrayList<>();
        // MicroProfile Config 2.0: the last profile listed wins, and a profile's value wins over the plain one.
        String profiles = config.getOptionalValue("mp.config.profile", String.class).orElse("");
        for (String profile : profiles.split(",")) {
            if (!profile.isBlank()) {
                candidates.add(0, "%" + profile.trim() + "." + name);
            }
        }
        candidates.add(name);
        for (String candidate : candidates) {
            for (org.eclipse.microprofile.config.spi.ConfigSource s : config.getConfigSources()) {
                String value = s.getValue(candidate);
                if (value != null) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MicroProfile Config";
    }
}
