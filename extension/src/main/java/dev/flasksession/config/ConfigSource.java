package dev.flasksession.config;

import java.util.Map;
import java.util.Optional;

/** Where raw setting values come from, looked up by Flask's setting names. */
@FunctionalInterface
public interface ConfigSource {
    /**
     * @param name a setting name such as {@code SECRET_KEY}
     * @return its raw value, if set
     */
    Optional<String> get(String name);

    /**
     * A value exactly as written, for secrets: a key must reach the signer byte for byte, as Flask takes it, so no
     * expression such as {@code ${...}} inside it may be expanded. Sources that expand expressions override this.
     *
     * @param name a setting name such as {@code SECRET_KEY}
     * @return its value as written, if set
     */
    default Optional<String> getRaw(String name) {
        return get(name);
    }

    /** @return Java system properties first, then environment variables */
    static ConfigSource systemPropertiesThenEnvironment() {
        return new ConfigSource() {
            @Override
            public Optional<String> get(String name) {
                String value = System.getProperty(name);
                return Optional.ofNullable(value != null ? value : System.getenv(name));
            }

            @Override
            public String toString() {
                return "system properties, then environment variables";
            }
        };
    }

    /**
     * @return MicroProfile Config when the application has it (its own sources include system properties and
     *     environment variables), else {@link #systemPropertiesThenEnvironment()}
     */
    static ConfigSource detect() {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, ConfigSource.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return systemPropertiesThenEnvironment();
        }
        return MicroProfileConfigSource.load().orElseGet(ConfigSource::systemPropertiesThenEnvironment);
    }

    /**
     * @param values fixed values, handy for tests and embedding
     * @return a source backed by the map
     */
    static ConfigSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
