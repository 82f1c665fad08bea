package dev.flasksession.config;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flask's own session settings, the ones in Flask's {@code default_config}: the keys, the cookie's attributes, the
 * permanent lifetime and the refresh. Every backend reads them, a server-side one for the cookie that carries its id.
 */
public final class FlaskSessionSettings {
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
     * The longest {@code PERMANENT_SESSION_LIFETIME} and timeouts: a longer one is surely a mistake (milliseconds
     * given for seconds, say), and somewhat longer ones overflow Redis's clock ({@code ERR invalid expire time}).
     */
    public static final Duration MAX_LIFETIME = Duration.ofDays(36525);

    /** {@value #SECRET_KEY}. */
    public static final Setting<String> KEY = Setting.secret(SECRET_KEY, "unset: the null session",
            "any text, byte for byte: never trimmed, no `${...}` expanded", "signs the session cookie, or encrypts it on the encrypted backend", text -> text);
    /** {@value #SECRET_KEY_FALLBACKS}. */
    public static final Setting<List<String>> FALLBACKS = Setting.secret(SECRET_KEY_FALLBACKS, "none",
            "comma-separated keys (no spaces around them), or a JSON array of strings; oldest first",
            "older keys still accepted when verifying or decrypting", FlaskSessionSettings::parseKeys);
    /** {@value #SESSION_COOKIE_NAME}. */
    public static final Setting<String> COOKIE_NAME = Setting.of(SESSION_COOKIE_NAME, "session", "`session`",
            "a cookie name", "the session cookie's name", FlaskSessionSettings::checkCookieName, name -> name);
    /** {@value #SESSION_COOKIE_DOMAIN}. */
    public static final Setting<String> COOKIE_DOMAIN = Setting.text(SESSION_COOKIE_DOMAIN, null,
            "unset: a host-only cookie", "the cookie's `Domain`");
    /** {@value #SESSION_COOKIE_PATH}. */
    public static final Setting<String> COOKIE_PATH = Setting.text(SESSION_COOKIE_PATH, "/", "`/`",
            "the cookie's `Path`");
    /** {@value #SESSION_COOKIE_HTTPONLY}. */
    public static final Setting<Boolean> COOKIE_HTTPONLY = Setting.flag(SESSION_COOKIE_HTTPONLY, true,
            "keep scripts away from the cookie");
    /** {@value #SESSION_COOKIE_SECURE}. */
    public static final Setting<Boolean> COOKIE_SECURE = Setting.flag(SESSION_COOKIE_SECURE, false,
            "send the cookie over HTTPS only");
    /** {@value #SESSION_COOKIE_SAMESITE}. */
    public static final Setting<SameSite> COOKIE_SAMESITE = Setting.of(SESSION_COOKIE_SAMESITE, null,
            "unset: no attribute", "`Strict`, `Lax` or `None`", "the cookie's `SameSite`", SameSite::parse,
            SameSite::attribute);
    /** {@value #SESSION_COOKIE_PARTITIONED}. */
    public static final Setting<Boolean> COOKIE_PARTITIONED = Setting.flag(SESSION_COOKIE_PARTITIONED, false,
            "the cookie's `Partitioned` (CHIPS)");
    /** {@value #PERMANENT_SESSION_LIFETIME}. */
    public static final Setting<Long> LIFETIME = Setting.number(PERMANENT_SESSION_LIFETIME,
            Duration.ofDays(31).toSeconds(), 0, MAX_LIFETIME.toSeconds(), "seconds",
            "how long a permanent session lasts, and the maximum age of any signed cookie; at least 1 on Redis");
    /** {@value #SESSION_REFRESH_EACH_REQUEST}. */
    public static final Setting<Boolean> REFRESH = Setting.flag(SESSION_REFRESH_EACH_REQUEST, true,
            "send a permanent session's cookie again on every request");

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(KEY, FALLBACKS, COOKIE_NAME, COOKIE_DOMAIN, COOKIE_PATH,
            COOKIE_HTTPONLY, COOKIE_SECURE, COOKIE_SAMESITE, COOKIE_PARTITIONED, LIFETIME, REFRESH);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(FlaskSessionSettings.class.getSimpleName(),
            "Flask's session settings", SETTINGS);

    private FlaskSessionSettings() {
    }

    /**
     * @param name a cookie or header name
     * @return whether it is an HTTP token (RFC 9110): printable ASCII without separators
     */
    static boolean isToken(String name) {
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    private static String checkCookieName(String name) {
        if (name == null || name.isEmpty() || !isToken(name)) {
            throw new SessionConfigException(SESSION_COOKIE_NAME, "'" + name + "' is not a valid cookie name; use letters, digits and -_.!#$%&'*+^`|~");
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
}
