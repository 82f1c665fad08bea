package dev.flasksession.config;

import static dev.flasksession.config.FlaskSessionSettings.COOKIE_DOMAIN;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_HTTPONLY;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_NAME;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_PARTITIONED;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_PATH;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_SAMESITE;
import static dev.flasksession.config.FlaskSessionSettings.COOKIE_SECURE;
import static dev.flasksession.config.FlaskSessionSettings.FALLBACKS;
import static dev.flasksession.config.FlaskSessionSettings.KEY;
import static dev.flasksession.config.FlaskSessionSettings.LIFETIME;
import static dev.flasksession.config.FlaskSessionSettings.REFRESH;
import static dev.flasksession.config.RequestFilterSettings.LAZY_OPEN;
import static dev.flasksession.config.ServerSideSessionSettings.HEADER_NAME;
import static dev.flasksession.config.SessionPayloadSettings.DETECT_NESTED;
import static dev.flasksession.config.SessionPayloadSettings.MAX_COOKIE_BYTES;
import static dev.flasksession.config.SessionPayloadSettings.MAX_PAYLOAD_BYTES;
import static dev.flasksession.config.SessionTimeoutSettings.ABSOLUTE_TIMEOUT;
import static dev.flasksession.config.SessionTimeoutSettings.IDLE_TIMEOUT;
import static dev.flasksession.config.UserTrackingSettings.MAX_PER_USER;
import static dev.flasksession.config.UserTrackingSettings.TRACK_USERS;
import static dev.flasksession.config.UserTrackingSettings.USER_KEY;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings every backend is built with, under Flask's names and with Flask's defaults. Immutable: parsed and
 * checked once, at startup, by {@link #from(ConfigSource)} or built in code with {@link #builder()}.
 *
 * <p>The settings are declared in one table per concern ({@link #TABLES}): Flask's own
 * ({@link FlaskSessionSettings}), the payload's limits ({@link SessionPayloadSettings}), the timeouts
 * ({@link SessionTimeoutSettings}), user tracking ({@link UserTrackingSettings}), the request filter
 * ({@link RequestFilterSettings}) and those only a server-side backend reads ({@link ServerSideSessionSettings}).
 * Each {@link Setting} holds its default, parser, range and whether it is a secret; the parsing, the error that names
 * a bad value, the {@link Builder}, the masked {@link #toString()} of the start-up log line and the README's settings
 * tables all come from there. Booleans accept {@code true/false}, {@code 1/0}, {@code yes/no} and {@code on/off}. A
 * blank value counts as unset, and values other than secrets are trimmed; secrets are taken byte for byte, as Flask
 * takes them.
 *
 * <p>A backend that does not read a table refuses it as a whole ({@link #refuseUnusedTables}), so that a setting is
 * never silently ignored.
 */
public final class SessionConfig {
    /** {@value}: the secret that signs cookies. */
    public static final String SECRET_KEY = FlaskSessionSettings.SECRET_KEY;
    /** {@value}: older secrets still accepted when verifying. */
    public static final String SECRET_KEY_FALLBACKS = FlaskSessionSettings.SECRET_KEY_FALLBACKS;
    /** {@value}: the session cookie's name. */
    public static final String SESSION_COOKIE_NAME = FlaskSessionSettings.SESSION_COOKIE_NAME;
    /** {@value}: the cookie's {@code Domain} attribute. */
    public static final String SESSION_COOKIE_DOMAIN = FlaskSessionSettings.SESSION_COOKIE_DOMAIN;
    /** {@value}: the cookie's {@code Path} attribute. */
    public static final String SESSION_COOKIE_PATH = FlaskSessionSettings.SESSION_COOKIE_PATH;
    /** {@value}: whether the cookie is {@code HttpOnly}. */
    public static final String SESSION_COOKIE_HTTPONLY = FlaskSessionSettings.SESSION_COOKIE_HTTPONLY;
    /** {@value}: whether the cookie is {@code Secure}. */
    public static final String SESSION_COOKIE_SECURE = FlaskSessionSettings.SESSION_COOKIE_SECURE;
    /** {@value}: the cookie's {@code SameSite} attribute. */
    public static final String SESSION_COOKIE_SAMESITE = FlaskSessionSettings.SESSION_COOKIE_SAMESITE;
    /** {@value}: whether the cookie is {@code Partitioned} (CHIPS). */
    public static final String SESSION_COOKIE_PARTITIONED = FlaskSessionSettings.SESSION_COOKIE_PARTITIONED;
    /** {@value}: lifetime of a permanent session, and the maximum age of any signed cookie, in seconds. */
    public static final String PERMANENT_SESSION_LIFETIME = FlaskSessionSettings.PERMANENT_SESSION_LIFETIME;
    /** {@value}: whether a permanent session's cookie is sent again on every request. */
    public static final String SESSION_REFRESH_EACH_REQUEST = FlaskSessionSettings.SESSION_REFRESH_EACH_REQUEST;
    /** {@value}: whether sessions are tracked per user. */
    public static final String SESSION_TRACK_USERS = UserTrackingSettings.SESSION_TRACK_USERS;
    /** {@value}: the session key that holds the signed-in user. */
    public static final String SESSION_USER_KEY = UserTrackingSettings.SESSION_USER_KEY;
    /** {@value}: the most sessions one user keeps; 0 for no cap. */
    public static final String SESSION_MAX_PER_USER = UserTrackingSettings.SESSION_MAX_PER_USER;
    /** {@value}: the longest session cookie value read. */
    public static final String SESSION_MAX_COOKIE_BYTES = SessionPayloadSettings.SESSION_MAX_COOKIE_BYTES;
    /** {@value}: the largest session payload read: a cookie's, once decompressed, or a stored value. */
    public static final String SESSION_MAX_PAYLOAD_BYTES = SessionPayloadSettings.SESSION_MAX_PAYLOAD_BYTES;
    /** {@value}: whether the session is opened only when the request first uses it. */
    public static final String SESSION_LAZY_OPEN = RequestFilterSettings.SESSION_LAZY_OPEN;
    /** {@value}: a request header that carries the session id, beside the cookie, for API clients. */
    public static final String SESSION_HEADER_NAME = ServerSideSessionSettings.SESSION_HEADER_NAME;
    /** {@value}: seconds of inactivity after which a session ends; 0 for none. */
    public static final String SESSION_IDLE_TIMEOUT = SessionTimeoutSettings.SESSION_IDLE_TIMEOUT;
    /** {@value}: seconds after its creation at which a session ends, however active; 0 for none. */
    public static final String SESSION_ABSOLUTE_TIMEOUT = SessionTimeoutSettings.SESSION_ABSOLUTE_TIMEOUT;
    /** {@value}: whether a session not marked modified is still saved when its contents differ. */
    public static final String SESSION_DETECT_NESTED_CHANGES = SessionPayloadSettings.SESSION_DETECT_NESTED_CHANGES;

    /**
     * The longest {@code PERMANENT_SESSION_LIFETIME} and timeouts ({@link FlaskSessionSettings#MAX_LIFETIME}).
     * Settings are whole seconds; a {@link Builder} given a {@link Duration} drops the fraction.
     */
    public static final Duration MAX_LIFETIME = FlaskSessionSettings.MAX_LIFETIME;

    /** The tables this class reads, one per concern, in documentation order. */
    public static final List<SettingsTable> TABLES = List.of(FlaskSessionSettings.TABLE, SessionPayloadSettings.TABLE,
            SessionTimeoutSettings.TABLE, UserTrackingSettings.TABLE, RequestFilterSettings.TABLE,
            ServerSideSessionSettings.TABLE);

    /** Every setting of {@link #TABLES}, in documentation order. */
    public static final List<Setting<?>> SETTINGS = TABLES.stream().flatMap(t -> t.settings().stream()).toList();

    /** The names of {@link #SETTINGS}. */
    public static final List<String> NAMES = SETTINGS.stream().map(Setting::name).toList();

    private static final Map<String, Setting<?>> BY_NAME = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::name, Function.identity()));

    private final Map<Setting<?>, Object> values;

    private SessionConfig(Builder b) {
        this.values = Collections.unmodifiableMap(new HashMap<>(b.values));
    }

    /** @return a builder with Flask's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads and checks every setting.
     *
     * @param source where raw values come from
     * @return the configuration
     * @throws SessionConfigException naming the first setting whose value is not accepted
     */
    public static SessionConfig from(ConfigSource source) {
        Builder b = builder();
        for (Setting<?> setting : SETTINGS) {
            b.read(setting, source);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /**
     * The one rule by which a backend sees only the tables it reads: a setting of any other table given a value
     * other than its default is refused, rather than silently ignored. Backends call it where they are created, so
     * the deployment fails naming the setting.
     *
     * @param backend names the backend in the message
     * @param used    the tables the backend reads
     * @throws SessionConfigException naming the first such setting
     */
    public void refuseUnusedTables(String backend, Collection<SettingsTable> used) {
        for (SettingsTable table : TABLES) {
            if (used.contains(table)) {
                continue;
            }
            for (Setting<?> setting : table.settings()) {
                if (!Objects.equals(values.get(setting), setting.defaultValue())) {
                    throw new SessionConfigException(setting.name(), "is one of the settings under '"
                            + table.heading() + "', which " + backend + " does not read: unset it, or choose a "
                            + "backend that reads it");
                }
            }
        }
    }

    /** @return the current signing key, if set */
    public Optional<String> secretKey() {
        return Optional.ofNullable(get(KEY));
    }

    /** @return older keys still accepted for verification, oldest first */
    public List<String> secretKeyFallbacks() {
        List<String> fallbacks = get(FALLBACKS);
        return fallbacks == null ? List.of() : fallbacks;
    }

    /**
     * @return the keys as itsdangerous takes them: fallbacks oldest first, the signing key last, UTF-8 encoded;
     *     empty when no secret key is set
     */
    public List<byte[]> signingKeys() {
        if (get(KEY) == null) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>();
        for (String k : secretKeyFallbacks()) {
            keys.add(k.getBytes(StandardCharsets.UTF_8));
        }
        keys.add(get(KEY).getBytes(StandardCharsets.UTF_8));
        return keys;
    }

    /** @return the cookie name */
    public String cookieName() {
        return get(COOKIE_NAME);
    }

    /** @return the cookie domain, if set */
    public Optional<String> cookieDomain() {
        return Optional.ofNullable(get(COOKIE_DOMAIN));
    }

    /** @return the cookie path */
    public String cookiePath() {
        return get(COOKIE_PATH);
    }

    /** @return whether the cookie is HttpOnly */
    public boolean cookieHttpOnly() {
        return get(COOKIE_HTTPONLY);
    }

    /** @return whether the cookie is Secure */
    public boolean cookieSecure() {
        return get(COOKIE_SECURE);
    }

    /** @return the SameSite attribute, if any */
    public Optional<SameSite> cookieSameSite() {
        return Optional.ofNullable(get(COOKIE_SAMESITE));
    }

    /** @return whether the cookie is Partitioned */
    public boolean cookiePartitioned() {
        return get(COOKIE_PARTITIONED);
    }

    /** @return the lifetime of permanent sessions and the maximum age of signed cookies */
    public Duration permanentSessionLifetime() {
        return Duration.ofSeconds(get(LIFETIME));
    }

    /** @return whether permanent sessions are re-sent on every request */
    public boolean refreshEachRequest() {
        return get(REFRESH);
    }

    /** @return the longest session cookie value read */
    public int maxCookieBytes() {
        return get(MAX_COOKIE_BYTES).intValue();
    }

    /** @return the largest session payload read: decompressed cookie payload, or stored value */
    public int maxPayloadBytes() {
        return get(MAX_PAYLOAD_BYTES).intValue();
    }

    /** @return whether the session is opened only when the request first uses it */
    public boolean lazyOpen() {
        return get(LAZY_OPEN);
    }

    /** @return whether sessions are tracked per user ({@code SESSION_TRACK_USERS}, or a cap per user) */
    public boolean trackUsers() {
        return get(TRACK_USERS) || get(MAX_PER_USER) > 0;
    }

    /** @return the session key that holds the signed-in user */
    public String userKey() {
        return get(USER_KEY);
    }

    /** @return the most sessions one user keeps; 0 for no cap */
    public int maxPerUser() {
        return get(MAX_PER_USER).intValue();
    }

    /** @return the header that carries the session id beside the cookie, if set */
    public Optional<String> headerName() {
        return Optional.ofNullable(get(HEADER_NAME));
    }

    /** @return the idle timeout; zero for none */
    public Duration idleTimeout() {
        return Duration.ofSeconds(get(IDLE_TIMEOUT));
    }

    /** @return the absolute timeout; zero for none */
    public Duration absoluteTimeout() {
        return Duration.ofSeconds(get(ABSOLUTE_TIMEOUT));
    }

    /** @return whether sessions are compared with what was opened, to save changes inside nested values */
    public boolean detectNestedChanges() {
        return get(DETECT_NESTED);
    }

    /** @return every setting as {@code NAME=value}, secrets masked: the start-up log line */
    @Override
    public String toString() {
        return "SessionConfig{" + Setting.showAll(SETTINGS, values) + "}";
    }

    /**
     * Builds a {@link SessionConfig}; starts from Flask's defaults. Every setting of {@link #TABLES} is set by its name
     * with {@link #set(String, String)}, parsed and checked by its own declaration exactly as when read from a
     * {@link ConfigSource}; the typed methods are shorthands for some of them.
     */
    public static final class Builder {
        private final Map<Setting<?>, Object> values = new HashMap<>();

        private Builder() {
            for (Setting<?> setting : SETTINGS) {
                if (setting.defaultValue() != null) {
                    values.put(setting, setting.defaultValue());
                }
            }
        }

        private <T> Builder put(Setting<T> setting, T value) {
            if (value == null) {
                values.remove(setting);
            } else {
                values.put(setting, value);
            }
            return this;
        }

        private <T> void read(Setting<T> setting, ConfigSource source) {
            setting.read(source).ifPresent(v -> values.put(setting, v));
        }

        /**
         * Sets any setting by its name, from its text, as a {@link ConfigSource} would give it.
         *
         * @param name  a setting of {@link #TABLES}, e.g. {@link #SESSION_TRACK_USERS}
         * @param value its text; {@code null} or blank (for a secret: empty) for its default
         * @return this
         * @throws SessionConfigException naming the setting when it is not one of {@link #TABLES}'s or its value is
         *     not accepted
         */
        public Builder set(String name, String value) {
            Setting<?> setting = BY_NAME.get(name);
            if (setting == null) {
                throw new SessionConfigException(String.valueOf(name), "is not one of SessionConfig's settings ("
                        + String.join(", ", NAMES) + ")");
            }
            return setText(setting, value);
        }

        private <T> Builder setText(Setting<T> setting, String value) {
            return put(setting, setting.read(name -> Optional.ofNullable(value)).orElse(setting.defaultValue()));
        }

        /**
         * @param secretKey the signing key; {@code null} or empty for none
         * @return this
         */
        public Builder secretKey(String secretKey) {
            return put(KEY, secretKey == null || secretKey.isEmpty() ? null : secretKey);
        }

        /**
         * @param fallbacks older keys, oldest first
         * @return this
         */
        public Builder secretKeyFallbacks(List<String> fallbacks) {
            return put(FALLBACKS, List.copyOf(fallbacks));
        }

        /**
         * @param name the cookie name
         * @return this
         */
        public Builder cookieName(String name) {
            return put(COOKIE_NAME, COOKIE_NAME.parse(name));
        }

        /**
         * @param domain the cookie domain, or {@code null} for a host-only cookie
         * @return this
         */
        public Builder cookieDomain(String domain) {
            return put(COOKIE_DOMAIN, domain == null || domain.isEmpty() ? null : domain);
        }

        /**
         * @param path the cookie path
         * @return this
         */
        public Builder cookiePath(String path) {
            return put(COOKIE_PATH, Objects.requireNonNull(path, "path"));
        }

        /**
         * @param httpOnly whether scripts are kept away from the cookie
         * @return this
         */
        public Builder cookieHttpOnly(boolean httpOnly) {
            return put(COOKIE_HTTPONLY, httpOnly);
        }

        /**
         * @param secure whether the cookie is sent over HTTPS only
         * @return this
         */
        public Builder cookieSecure(boolean secure) {
            return put(COOKIE_SECURE, secure);
        }

        /**
         * @param sameSite the SameSite attribute, or {@code null} for none
         * @return this
         */
        public Builder cookieSameSite(SameSite sameSite) {
            return put(COOKIE_SAMESITE, sameSite);
        }

        /**
         * @param partitioned whether the cookie is Partitioned
         * @return this
         */
        public Builder cookiePartitioned(boolean partitioned) {
            return put(COOKIE_PARTITIONED, partitioned);
        }

        /**
         * @param lifetime the permanent session lifetime, from zero to {@link #MAX_LIFETIME}
         * @return this
         */
        public Builder permanentSessionLifetime(Duration lifetime) {
            return put(LIFETIME, LIFETIME.parse(Long.toString(lifetime.toSeconds())));
        }

        /**
         * @param refresh whether permanent sessions are re-sent on every request
         * @return this
         */
        public Builder refreshEachRequest(boolean refresh) {
            return put(REFRESH, refresh);
        }

        /**
         * @param track whether sessions are tracked per user
         * @return this
         */
        public Builder trackUsers(boolean track) {
            return put(TRACK_USERS, track);
        }

        /**
         * @param max the most sessions one user keeps; 0 for no cap
         * @return this
         */
        public Builder maxPerUser(int max) {
            return put(MAX_PER_USER, MAX_PER_USER.parse(Integer.toString(max)));
        }

        /**
         * @param name the header that carries the session id beside the cookie, or {@code null} for none
         * @return this
         */
        public Builder headerName(String name) {
            return put(HEADER_NAME, name == null ? null : HEADER_NAME.parse(name));
        }

        /**
         * @param idle the idle timeout; zero for none
         * @return this
         */
        public Builder idleTimeout(Duration idle) {
            return put(IDLE_TIMEOUT, IDLE_TIMEOUT.parse(Long.toString(idle.toSeconds())));
        }

        /**
         * @param absolute the absolute timeout; zero for none
         * @return this
         */
        public Builder absoluteTimeout(Duration absolute) {
            return put(ABSOLUTE_TIMEOUT, ABSOLUTE_TIMEOUT.parse(Long.toString(absolute.toSeconds())));
        }

        /**
         * @param detect whether sessions are compared with what was opened, to save changes inside nested values
         * @return this
         */
        public Builder detectNestedChanges(boolean detect) {
            return put(DETECT_NESTED, detect);
        }

        /** @return the configuration */
        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
