package dev.flasksession.config;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Flask's session settings, under Flask's names and with Flask's defaults. Immutable: parsed and checked once, at
 * startup, by {@link #from(ConfigSource)} or built in code with {@link #builder()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>accepts</th></tr>
 * <tr><td>{@code SECRET_KEY}</td><td>unset: sessions are read-only and empty</td><td>any text, taken byte for
 * byte: never trimmed, no {@code ${...}} expanded</td></tr>
 * <tr><td>{@code SECRET_KEY_FALLBACKS}</td><td>none</td><td>comma-separated keys, or a JSON array of strings; oldest
 * first, as in Flask; byte for byte like {@code SECRET_KEY}</td></tr>
 * <tr><td>{@code SESSION_COOKIE_NAME}</td><td>{@code session}</td><td>a cookie name</td></tr>
 * <tr><td>{@code SESSION_COOKIE_DOMAIN}</td><td>unset (host-only cookie)</td><td>a domain</td></tr>
 * <tr><td>{@code SESSION_COOKIE_PATH}</td><td>{@code /}</td><td>a path</td></tr>
 * <tr><td>{@code SESSION_COOKIE_HTTPONLY}</td><td>{@code true}</td><td>true/false</td></tr>
 * <tr><td>{@code SESSION_COOKIE_SECURE}</td><td>{@code false}</td><td>true/false</td></tr>
 * <tr><td>{@code SESSION_COOKIE_SAMESITE}</td><td>unset (no attribute)</td><td>Strict, Lax, None</td></tr>
 * <tr><td>{@code SESSION_COOKIE_PARTITIONED}</td><td>{@code false}</td><td>true/false</td></tr>
 * <tr><td>{@code PERMANENT_SESSION_LIFETIME}</td><td>{@code 2678400} (31 days)</td><td>whole seconds, 0 to 3155760000 (100 years); at least 1 with
 * Redis</td></tr>
 * <tr><td>{@code SESSION_REFRESH_EACH_REQUEST}</td><td>{@code true}</td><td>true/false</td></tr>
 * </table>
 *
 * <p>Booleans accept {@code true/false}, {@code 1/0}, {@code yes/no} and {@code on/off}. A blank value counts as
 * unset, and values other than secrets are trimmed. {@link #toString()} masks the secrets.
 */
public final class SessionConfig {
    /** The secret that signs cookies. */
    public static final String SECRET_KEY = "SECRET_KEY";
    /** Older secrets still accepted when verifying. */
    public static final String SECRET_KEY_FALLBACKS = "SECRET_KEY_FALLBACKS";
    /** The session cookie's name. */
    public static final String SESSION_COOKIE_NAME = "SESSION_COOKIE_NAME";
    /** The cookie's {@code Domain} attribute. */
    public static final String SESSION_COOKIE_DOMAIN = "SESSION_COOKIE_DOMAIN";
    /** The cookie's {@code Path} attribute. */
    public static final String SESSION_COOKIE_PATH = "SESSION_COOKIE_PATH";
    /** Whether the cookie is {@code HttpOnly}. */
    public static final String SESSION_COOKIE_HTTPONLY = "SESSION_COOKIE_HTTPONLY";
    /** Whether the cookie is {@code Secure}. */
    public static final String SESSION_COOKIE_SECURE = "SESSION_COOKIE_SECURE";
    /** The cookie's {@code SameSite} attribute. */
    public static final String SESSION_COOKIE_SAMESITE = "SESSION_COOKIE_SAMESITE";
    /** Whether the cookie is {@code Partitioned} (CHIPS). */
    public static final String SESSION_COOKIE_PARTITIONED = "SESSION_COOKIE_PARTITIONED";
    /** Lifetime of a permanent session, and the maximum age of any signed cookie, in seconds. */
    public static final String PERMANENT_SESSION_LIFETIME = "PERMANENT_SESSION_LIFETIME";
    /** Whether a permanent session's cookie is sent again on every request. */
    public static final String SESSION_REFRESH_EACH_REQUEST = "SESSION_REFRESH_EACH_REQUEST";

    /**
     * The longest {@code PERMANENT_SESSION_LIFETIME}: an expiry beyond it cannot be written as a cookie date, and
     * Redis refuses TTLs that overflow its clock.
     */
    public static final Duration MAX_LIFETIME = Duration.ofDays(36525);

    /** Every setting this class reads, in documentation order. */
    public static final List<String> NAMES = List.of(SECRET_KEY, SECRET_KEY_FALLBACKS, SESSION_COOKIE_NAME,
            SESSION_COOKIE_DOMAIN, SESSION_COOKIE_PATH, SESSION_COOKIE_HTTPONLY, SESSION_COOKIE_SECURE,
            SESSION_COOKIE_SAMESITE, SESSION_COOKIE_PARTITIONED, PERMANENT_SESSION_LIFETIME,
            SESSION_REFRESH_EACH_REQUEST);

    private final String secretKey;
    private final List<String> secretKeyFallbacks;
    private final String cookieName;
    private final String cookieDomain;
    private final String cookiePath;
    private final boolean cookieHttpOnly;
    private final boolean cookieSecure;
    private final SameSite cookieSameSite;
    private final boolean cookiePartitioned;
    private final Duration permanentSessionLifetime;
    private final boolean refreshEachRequest;

    private SessionConfig(Builder b) {
        this.secretKey = b.secretKey;
        this.secretKeyFallbacks = List.copyOf(b.secretKeyFallbacks);
        this.cookieName = b.cookieName;
        this.cookieDomain = b.cookieDomain;
        this.cookiePath = b.cookiePath;
        this.cookieHttpOnly = b.cookieHttpOnly;
        this.cookieSecure = b.cookieSecure;
        this.cookieSameSite = b.cookieSameSite;
        this.cookiePartitioned = b.cookiePartitioned;
        this.permanentSessionLifetime = b.permanentSessionLifetime;
        this.refreshEachRequest = b.refreshEachRequest;
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
        secret(source, SECRET_KEY).ifPresent(b::secretKey);
        secret(source, SECRET_KEY_FALLBACKS).ifPresent(v -> b.secretKeyFallbacks(parseKeys(SECRET_KEY_FALLBACKS, v)));
        value(source, SESSION_COOKIE_NAME).ifPresent(b::cookieName);
        value(source, SESSION_COOKIE_DOMAIN).ifPresent(b::cookieDomain);
        value(source, SESSION_COOKIE_PATH).ifPresent(b::cookiePath);
        value(source, SESSION_COOKIE_HTTPONLY).ifPresent(v -> b.cookieHttpOnly(parseBoolean(SESSION_COOKIE_HTTPONLY, v)));
        value(source, SESSION_COOKIE_SECURE).ifPresent(v -> b.cookieSecure(parseBoolean(SESSION_COOKIE_SECURE, v)));
        value(source, SESSION_COOKIE_SAMESITE).ifPresent(v -> b.cookieSameSite(SameSite.parse(v)));
        value(source, SESSION_COOKIE_PARTITIONED).ifPresent(v -> b.cookiePartitioned(parseBoolean(SESSION_COOKIE_PARTITIONED, v)));
        value(source, PERMANENT_SESSION_LIFETIME).ifPresent(v -> b.permanentSessionLifetime(Duration.ofSeconds(parseSeconds(PERMANENT_SESSION_LIFETIME, v))));
        value(source, SESSION_REFRESH_EACH_REQUEST).ifPresent(v -> b.refreshEachRequest(parseBoolean(SESSION_REFRESH_EACH_REQUEST, v)));
        return b.build();
    }

    /**
     * @param source a config source
     * @param name   a setting name
     * @return the trimmed value, or empty when unset or blank
     */
    public static Optional<String> value(ConfigSource source, String name) {
        return source.get(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * @param source a config source
     * @param name   a secret setting
     * @return the value byte for byte, as Flask would take it: not trimmed, no expression expanded; empty when unset
     *     or empty
     */
    public static Optional<String> secret(ConfigSource source, String name) {
        return source.getRaw(name).filter(v -> !v.isEmpty());
    }

    /**
     * @param name  the setting, for the error message
     * @param value true/false, 1/0, yes/no or on/off, in any case
     * @return the boolean
     * @throws SessionConfigException for anything else
     */
    public static boolean parseBoolean(String name, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new SessionConfigException(name, "'" + value + "' is not a boolean; use true or false");
        }
    }

    /**
     * @param name  the setting, for the error message
     * @param value a whole number of seconds, 0 or more
     * @return the number
     * @throws SessionConfigException for anything else
     */
    public static long parseSeconds(String name, String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SessionConfigException(name, "'" + value + "' is not a whole number of seconds (0 or more), e.g. 2678400 for 31 days");
    }

    private static List<String> parseKeys(String name, String value) {
        if (!value.strip().startsWith("[")) {
            List<String> out = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.equals(part.strip())) {
                    // Trimming would change the key; keeping the space would surprise whoever wrote "a, b".
                    throw new SessionConfigException(name, "a key in the comma-separated list starts or ends with "
                            + "white space; keys are taken byte for byte, so remove it, or write a JSON array of "
                            + "strings to keep it");
                }
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }
        try {
            Object parsed = new PythonJson().read(value);
            if (parsed instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                return list.stream().map(String.class::cast).toList();
            }
        } catch (JsonDecodeException e) {
            // reported below
        }
        throw new SessionConfigException(name, "expected comma-separated keys or a JSON array of strings");
    }

    /** @return the current signing key, if set */
    public Optional<String> secretKey() {
        return Optional.ofNullable(secretKey);
    }

    /** @return older keys still accepted for verification, oldest first */
    public List<String> secretKeyFallbacks() {
        return secretKeyFallbacks;
    }

    /**
     * @return the keys as itsdangerous takes them: fallbacks oldest first, the signing key last, UTF-8 encoded;
     *     empty when no secret key is set
     */
    public List<byte[]> signingKeys() {
        if (secretKey == null) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>();
        for (String k : secretKeyFallbacks) {
            keys.add(k.getBytes(StandardCharsets.UTF_8));
        }
        keys.add(secretKey.getBytes(StandardCharsets.UTF_8));
        return keys;
    }

    /** @return the cookie name */
    public String cookieName() {
        return cookieName;
    }

    /** @return the cookie domain, if set */
    public Optional<String> cookieDomain() {
        return Optional.ofNullable(cookieDomain);
    }

    /** @return the cookie path */
    public String cookiePath() {
        return cookiePath;
    }

    /** @return whether the cookie is HttpOnly */
    public boolean cookieHttpOnly() {
        return cookieHttpOnly;
    }

    /** @return whether the cookie is Secure */
    public boolean cookieSecure() {
        return cookieSecure;
    }

    /** @return the SameSite attribute, if any */
    public Optional<SameSite> cookieSameSite() {
        return Optional.ofNullable(cookieSameSite);
    }

    /** @return whether the cookie is Partitioned */
    public boolean cookiePartitioned() {
        return cookiePartitioned;
    }

    /** @return the lifetime of permanent sessions and the maximum age of signed cookies */
    public Duration permanentSessionLifetime() {
        return permanentSessionLifetime;
    }

    /** @return whether permanent sessions are re-sent on every request */
    public boolean refreshEachRequest() {
        return refreshEachRequest;
    }

    @Override
    public String toString() {
        return "SessionConfig{SECRET_KEY=" + (secretKey == null ? "unset" : "****")
                + ", SECRET_KEY_FALLBACKS=" + secretKeyFallbacks.size() + " key(s)"
                + ", SESSION_COOKIE_NAME=" + cookieName
                + ", SESSION_COOKIE_DOMAIN=" + (cookieDomain == null ? "unset" : cookieDomain)
                + ", SESSION_COOKIE_PATH=" + cookiePath
                + ", SESSION_COOKIE_HTTPONLY=" + cookieHttpOnly
                + ", SESSION_COOKIE_SECURE=" + cookieSecure
                + ", SESSION_COOKIE_SAMESITE=" + (cookieSameSite == null ? "unset" : cookieSameSite.attribute())
                + ", SESSION_COOKIE_PARTITIONED=" + cookiePartitioned
                + ", PERMANENT_SESSION_LIFETIME=" + permanentSessionLifetime.toSeconds()
                + ", SESSION_REFRESH_EACH_REQUEST=" + refreshEachRequest + "}";
    }

    /** Builds a {@link SessionConfig}; starts from Flask's defaults. */
    public static final class Builder {
        private String secretKey;
        private List<String> secretKeyFallbacks = new ArrayList<>();
        private String cookieName = "session";
        private String cookieDomain;
        private String cookiePath = "/";
        private boolean cookieHttpOnly = true;
        private boolean cookieSecure;
        private SameSite cookieSameSite;
        private boolean cookiePartitioned;
        private Duration permanentSessionLifetime = Duration.ofDays(31);
        private boolean refreshEachRequest = true;

        private Builder() {
        }

        /**
         * @param secretKey the signing key; {@code null} or empty for none
         * @return this
         */
        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey == null || secretKey.isEmpty() ? null : secretKey;
            return this;
        }

        /**
         * @param fallbacks older keys, oldest first
         * @return this
         */
        public Builder secretKeyFallbacks(List<String> fallbacks) {
            this.secretKeyFallbacks = new ArrayList<>(fallbacks);
            return this;
        }

        /**
         * @param name the cookie name
         * @return this
         */
        public Builder cookieName(String name) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new SessionConfigException(SESSION_COOKIE_NAME, "'" + name + "' is not a valid cookie name; use letters, digits and -_.!#$%&'*+^`|~");
            }
            this.cookieName = name;
            return this;
        }

        /**
         * @param domain the cookie domain, or {@code null} for a host-only cookie
         * @return this
         */
        public Builder cookieDomain(String domain) {
            this.cookieDomain = domain == null || domain.isEmpty() ? null : domain;
            return this;
        }

        /**
         * @param path the cookie path
         * @return this
         */
        public Builder cookiePath(String path) {
            this.cookiePath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * @param httpOnly whether scripts are kept away from the cookie
         * @return this
         */
        public Builder cookieHttpOnly(boolean httpOnly) {
            this.cookieHttpOnly = httpOnly;
            return this;
        }

        /**
         * @param secure whether the cookie is sent over HTTPS only
         * @return this
         */
        public Builder cookieSecure(boolean secure) {
            this.cookieSecure = secure;
            return this;
        }

        /**
         * @param sameSite the SameSite attribute, or {@code null} for none
         * @return this
         */
        public Builder cookieSameSite(SameSite sameSite) {
            this.cookieSameSite = sameSite;
            return this;
        }

        /**
         * @param partitioned whether the cookie is Partitioned
         * @return this
         */
        public Builder cookiePartitioned(boolean partitioned) {
            this.cookiePartitioned = partitioned;
            return this;
        }

        /**
         * @param lifetime the permanent session lifetime, zero or more
         * @return this
         */
        public Builder permanentSessionLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new SessionConfigException(PERMANENT_SESSION_LIFETIME, "must be from 0 to "
                        + MAX_LIFETIME.toSeconds() + " seconds (100 years); " + lifetime.toSeconds() + " is not");
            }
            this.permanentSessionLifetime = lifetime;
            return this;
        }

        /**
         * @param refresh whether permanent sessions are re-sent on every request
         * @return this
         */
        public Builder refreshEachRequest(boolean refresh) {
            this.refreshEachRequest = refresh;
            return this;
        }

        /** @return the configuration */
        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
