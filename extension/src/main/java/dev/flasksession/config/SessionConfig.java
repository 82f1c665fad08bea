package dev.flasksession.config;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Flask's session settings, under Flask's names and with Flask's defaults. Immutable: parsed and checked once, at
 * startup, by {@link #from(ConfigSource)} or built in code with {@link #builder()}.
 *
 * <p>Each setting is declared once, in {@link #SETTINGS}: its default, parser, range and whether it is a secret. The
 * parsing, the error that names a bad value, the masked {@link #toString()} of the start-up log line and the README's
 * settings table all come from there. Booleans accept {@code true/false}, {@code 1/0}, {@code yes/no} and
 * {@code on/off}. A blank value counts as unset, and values other than secrets are trimmed; secrets are taken byte
 * for byte, as Flask takes them.
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
    /** Whether sessions are tracked per user: sign-out everywhere, a user's devices, a cap per user. */
    public static final String SESSION_TRACK_USERS = "SESSION_TRACK_USERS";
    /** The session key that holds the signed-in user. */
    public static final String SESSION_USER_KEY = "SESSION_USER_KEY";
    /** The most sessions one user keeps; the oldest beyond it are ended. 0 for no cap. */
    public static final String SESSION_MAX_PER_USER = "SESSION_MAX_PER_USER";
    /** The longest session cookie value read; longer ones give an empty session without being decoded. */
    public static final String SESSION_MAX_COOKIE_BYTES = "SESSION_MAX_COOKIE_BYTES";
    /** The largest session payload read: a cookie's, once decompressed, or a stored value. */
    public static final String SESSION_MAX_PAYLOAD_BYTES = "SESSION_MAX_PAYLOAD_BYTES";
    /** Whether the session is opened only when the request first uses it. */
    public static final String SESSION_LAZY_OPEN = "SESSION_LAZY_OPEN";
    /** A request header that carries the session id, beside the cookie, for API clients. */
    public static final String SESSION_HEADER_NAME = "SESSION_HEADER_NAME";
    /** Seconds of inactivity after which a session ends; 0 for none. */
    public static final String SESSION_IDLE_TIMEOUT = "SESSION_IDLE_TIMEOUT";
    /** Seconds after its creation at which a session ends, however active; 0 for none. */
    public static final String SESSION_ABSOLUTE_TIMEOUT = "SESSION_ABSOLUTE_TIMEOUT";
    /** Whether a session not marked modified is still saved when its contents differ from what was opened. */
    public static final String SESSION_DETECT_NESTED_CHANGES = "SESSION_DETECT_NESTED_CHANGES";

    /**
     * The longest {@code PERMANENT_SESSION_LIFETIME} and timeouts: a longer one is surely a mistake (milliseconds
     * given for seconds, say), and somewhat longer ones overflow Redis's clock ({@code ERR invalid expire time}).
     * Settings are whole seconds; a {@link Builder} given a {@link Duration} drops the fraction.
     */
    public static final Duration MAX_LIFETIME = Duration.ofDays(36525);

    private static final Setting<String> KEY = Setting.secret(SECRET_KEY, "unset: the null session",
            "any text, byte for byte: never trimmed, no `${...}` expanded", "signs the session cookie, or encrypts it on the encrypted backend", text -> text);
    private static final Setting<List<String>> FALLBACKS = Setting.secret(SECRET_KEY_FALLBACKS, "none",
            "comma-separated keys (no spaces around them), or a JSON array of strings; oldest first",
            "older keys still accepted when verifying or decrypting", text -> parseKeys(text));
    private static final Setting<String> COOKIE_NAME = Setting.of(SESSION_COOKIE_NAME, "session", "`session`",
            "a cookie name", "the session cookie's name", SessionConfig::checkCookieName, name -> name);
    private static final Setting<String> COOKIE_DOMAIN = Setting.text(SESSION_COOKIE_DOMAIN, null,
            "unset: a host-only cookie", "the cookie's `Domain`");
    private static final Setting<String> COOKIE_PATH = Setting.text(SESSION_COOKIE_PATH, "/", "`/`",
            "the cookie's `Path`");
    private static final Setting<Boolean> COOKIE_HTTPONLY = Setting.flag(SESSION_COOKIE_HTTPONLY, true,
            "keep scripts away from the cookie");
    private static final Setting<Boolean> COOKIE_SECURE = Setting.flag(SESSION_COOKIE_SECURE, false,
            "send the cookie over HTTPS only");
    private static final Setting<SameSite> COOKIE_SAMESITE = Setting.of(SESSION_COOKIE_SAMESITE, null,
            "unset: no attribute", "`Strict`, `Lax` or `None`", "the cookie's `SameSite`", SameSite::parse,
            SameSite::attribute);
    private static final Setting<Boolean> COOKIE_PARTITIONED = Setting.flag(SESSION_COOKIE_PARTITIONED, false,
            "the cookie's `Partitioned` (CHIPS)");
    private static final Setting<Long> LIFETIME = Setting.number(PERMANENT_SESSION_LIFETIME,
            Duration.ofDays(31).toSeconds(), 0, MAX_LIFETIME.toSeconds(), "seconds",
            "how long a permanent session lasts, and the maximum age of any signed cookie; at least 1 on Redis");
    private static final Setting<Boolean> REFRESH = Setting.flag(SESSION_REFRESH_EACH_REQUEST, true,
            "send a permanent session's cookie again on every request");

    private static final Setting<Boolean> TRACK_USERS = Setting.flag(SESSION_TRACK_USERS, false,
            "track sessions per user (the value under `SESSION_USER_KEY`) for sign-out everywhere and a user's "
                    + "devices; stamps `_fsc_created` in sessions with a user, checks one sign-out record per request "
                    + "of a signed-in user, and on Redis keeps an index per user");
    private static final Setting<String> USER_KEY = Setting.text(SESSION_USER_KEY, "_user_id", "`_user_id`",
            "the session key that holds the signed-in user (Flask-Login's)");
    private static final Setting<Long> MAX_PER_USER = Setting.number(SESSION_MAX_PER_USER, 0, 0, 10_000, "sessions",
            "Redis: end a user's oldest sessions beyond this many; 0 for no cap; turns on `SESSION_TRACK_USERS`");
    private static final Setting<Long> MAX_COOKIE_BYTES = Setting.number(SESSION_MAX_COOKIE_BYTES, 8192, 256,
            1 << 20, "bytes", "the longest session cookie value read; a longer one gives an empty session without "
                    + "being checked or decoded (browsers keep cookies to about 4 KB)");
    private static final Setting<Long> MAX_PAYLOAD_BYTES = Setting.number(SESSION_MAX_PAYLOAD_BYTES, 1 << 20, 1024,
            64 << 20, "bytes", "the largest session read: a cookie's payload once decompressed (inflating stops "
                    + "there, so a small cookie cannot inflate to megabytes) or a value stored in Redis");
    private static final Setting<Boolean> LAZY_OPEN = Setting.flag(SESSION_LAZY_OPEN, false,
            "open the session when the request first uses it, not when it arrives: a request that never touches it "
                    + "costs no store command and no signature check, writes no cookie and no `Vary`, answers while "
                    + "the store is down, and does not keep the session alive");
    private static final Setting<String> HEADER_NAME = Setting.of(SESSION_HEADER_NAME, null, "unset",
            "a header name, e.g. `X-Session-Id`", "server-side backends only: also read the session id from this "
                    + "header, and send it back in it when the session is new or regenerated",
            SessionConfig::checkHeaderName, name -> name);
    private static final Setting<Long> IDLE_TIMEOUT = Setting.number(SESSION_IDLE_TIMEOUT, 0, 0,
            MAX_LIFETIME.toSeconds(), "seconds", "end a session unused for this long (OWASP's idle timeout), on the "
                    + "server's clock; 0 for none. A session in use is written again at most every tenth of it");
    private static final Setting<Long> ABSOLUTE_TIMEOUT = Setting.number(SESSION_ABSOLUTE_TIMEOUT, 0, 0,
            MAX_LIFETIME.toSeconds(), "seconds", "end a session this long after it began, however active (OWASP's "
                    + "absolute timeout); 0 for none");
    private static final Setting<Boolean> DETECT_NESTED = Setting.flag(SESSION_DETECT_NESTED_CHANGES, false,
            "save a session whose contents differ from what was opened even if nothing marked it modified, so "
                    + "`session.get(\"cart\").add(x)` is not lost without `markModified()`; costs one encoding per "
                    + "request that opened a session and did not change it");

    /** Every setting this class reads, in documentation order: the one table they are declared in. */
    public static final List<Setting<?>> SETTINGS = List.of(KEY, FALLBACKS, COOKIE_NAME, COOKIE_DOMAIN, COOKIE_PATH,
            COOKIE_HTTPONLY, COOKIE_SECURE, COOKIE_SAMESITE, COOKIE_PARTITIONED, LIFETIME, REFRESH, MAX_COOKIE_BYTES, MAX_PAYLOAD_BYTES, LAZY_OPEN, TRACK_USERS, USER_KEY, MAX_PER_USER, HEADER_NAME, IDLE_TIMEOUT, ABSOLUTE_TIMEOUT, DETECT_NESTED);

    /** The names of {@link #SETTINGS}. */
    public static final List<String> NAMES = SETTINGS.stream().map(Setting::name).toList();

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
            setting.read(source).ifPresent(v -> b.values.put(setting, v));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    private static String checkCookieName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new SessionConfigException(SESSION_COOKIE_NAME, "'" + name + "' is not a valid cookie name; use letters, digits and -_.!#$%&'*+^`|~");
        }
        return name;
    }

    private static String checkHeaderName(String name) {
        if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("'" + name + "' is not a header name; use letters, digits and -");
        }
        return name;
    }

    private static List<String> parseKeys(String value) {
        if (!value.strip().startsWith("[")) {
            List<String> out = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.equals(part.strip())) {
                    // Trimming would change the key; keeping the space would surprise whoever wrote "a, b".
                    throw new IllegalArgumentException("a key in the comma-separated list starts or ends with white "
                            + "space; keys are taken byte for byte, so remove it, or write a JSON array of strings "
                            + "to keep it");
                }
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return List.copyOf(out);
        }
        try {
            Object parsed = new PythonJson().read(value);
            if (parsed instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                return list.stream().map(String.class::cast).toList();
            }
        } catch (JsonDecodeException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected comma-separated keys or a JSON array of strings");
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

    /** Builds a {@link SessionConfig}; starts from Flask's defaults. */
    public static final class Builder {
        private final Map<Setting<?>, Object> values = new HashMap<>();

        private Builder() {
            for (Setting<?> setting : SETTINGS) {
                if (setting.defaultValue() != null) {
                    values.put(setting, setting.defaultValue());
                }
            }
        }

        private <T> Builder set(Setting<T> setting, T value) {
            if (value == null) {
                values.remove(setting);
            } else {
                values.put(setting, value);
            }
            return this;
        }

        /**
         * @param secretKey the signing key; {@code null} or empty for none
         * @return this
         */
        public Builder secretKey(String secretKey) {
            return set(KEY, secretKey == null || secretKey.isEmpty() ? null : secretKey);
        }

        /**
         * @param fallbacks older keys, oldest first
         * @return this
         */
        public Builder secretKeyFallbacks(List<String> fallbacks) {
            return set(FALLBACKS, List.copyOf(fallbacks));
        }

        /**
         * @param name the cookie name
         * @return this
         */
        public Builder cookieName(String name) {
            return set(COOKIE_NAME, checkCookieName(name));
        }

        /**
         * @param domain the cookie domain, or {@code null} for a host-only cookie
         * @return this
         */
        public Builder cookieDomain(String domain) {
            return set(COOKIE_DOMAIN, domain == null || domain.isEmpty() ? null : domain);
        }

        /**
         * @param path the cookie path
         * @return this
         */
        public Builder cookiePath(String path) {
            return set(COOKIE_PATH, Objects.requireNonNull(path, "path"));
        }

        /**
         * @param httpOnly whether scripts are kept away from the cookie
         * @return this
         */
        public Builder cookieHttpOnly(boolean httpOnly) {
            return set(COOKIE_HTTPONLY, httpOnly);
        }

        /**
         * @param secure whether the cookie is sent over HTTPS only
         * @return this
         */
        public Builder cookieSecure(boolean secure) {
            return set(COOKIE_SECURE, secure);
        }

        /**
         * @param sameSite the SameSite attribute, or {@code null} for none
         * @return this
         */
        public Builder cookieSameSite(SameSite sameSite) {
            return set(COOKIE_SAMESITE, sameSite);
        }

        /**
         * @param partitioned whether the cookie is Partitioned
         * @return this
         */
        public Builder cookiePartitioned(boolean partitioned) {
            return set(COOKIE_PARTITIONED, partitioned);
        }

        /**
         * @param lifetime the permanent session lifetime, from zero to {@link #MAX_LIFETIME}
         * @return this
         */
        public Builder permanentSessionLifetime(Duration lifetime) {
            return set(LIFETIME, LIFETIME.parse(Long.toString(lifetime.toSeconds())));
        }

        /**
         * @param refresh whether permanent sessions are re-sent on every request
         * @return this
         */
        public Builder refreshEachRequest(boolean refresh) {
            return set(REFRESH, refresh);
        }

        /**
         * @param track whether sessions are tracked per user
         * @return this
         */
        public Builder trackUsers(boolean track) {
            return set(TRACK_USERS, track);
        }

        /**
         * @param max the most sessions one user keeps; 0 for no cap
         * @return this
         */
        public Builder maxPerUser(int max) {
            return set(MAX_PER_USER, MAX_PER_USER.parse(Integer.toString(max)));
        }

        /**
         * @param name the header that carries the session id beside the cookie, or {@code null} for none
         * @return this
         */
        public Builder headerName(String name) {
            return set(HEADER_NAME, name == null ? null : HEADER_NAME.parse(name));
        }

        /**
         * @param idle the idle timeout; zero for none
         * @return this
         */
        public Builder idleTimeout(Duration idle) {
            return set(IDLE_TIMEOUT, IDLE_TIMEOUT.parse(Long.toString(idle.toSeconds())));
        }

        /**
         * @param absolute the absolute timeout; zero for none
         * @return this
         */
        public Builder absoluteTimeout(Duration absolute) {
            return set(ABSOLUTE_TIMEOUT, ABSOLUTE_TIMEOUT.parse(Long.toString(absolute.toSeconds())));
        }

        /**
         * @param detect whether sessions are compared with what was opened, to save changes inside nested values
         * @return this
         */
        public Builder detectNestedChanges(boolean detect) {
            return set(DETECT_NESTED, detect);
        }

        /** @return the configuration */
        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
