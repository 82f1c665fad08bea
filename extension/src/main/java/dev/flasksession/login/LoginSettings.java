package dev.flasksession.login;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import dev.flasksession.config.SettingsTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flask-Login's settings, under Flask-Login's names and with its defaults ({@code flask_login/config.py}), plus
 * {@value #LOGIN_SESSION_IDENTIFIER}, this library's own, which picks the form of the session identifier. Immutable,
 * parsed and checked once by {@link #from(ConfigSource)}; each setting is declared once, in {@link #SETTINGS}.
 */
public final class LoginSettings {
    /** The remember-me cookie's name. */
    public static final String REMEMBER_COOKIE_NAME = "REMEMBER_COOKIE_NAME";
    /** How long the remember-me cookie lasts, in seconds. */
    public static final String REMEMBER_COOKIE_DURATION = "REMEMBER_COOKIE_DURATION";
    /** The remember-me cookie's {@code Domain}. */
    public static final String REMEMBER_COOKIE_DOMAIN = "REMEMBER_COOKIE_DOMAIN";
    /** The remember-me cookie's {@code Path}. */
    public static final String REMEMBER_COOKIE_PATH = "REMEMBER_COOKIE_PATH";
    /** Whether the remember-me cookie is {@code Secure}. */
    public static final String REMEMBER_COOKIE_SECURE = "REMEMBER_COOKIE_SECURE";
    /** Whether the remember-me cookie is {@code HttpOnly}. */
    public static final String REMEMBER_COOKIE_HTTPONLY = "REMEMBER_COOKIE_HTTPONLY";
    /** The remember-me cookie's {@code SameSite}. */
    public static final String REMEMBER_COOKIE_SAMESITE = "REMEMBER_COOKIE_SAMESITE";
    /** Whether the remember-me cookie is sent again on every request of a signed-in user. */
    public static final String REMEMBER_COOKIE_REFRESH_EACH_REQUEST = "REMEMBER_COOKIE_REFRESH_EACH_REQUEST";
    /** {@code basic}, {@code strong} or {@code none}. */
    public static final String SESSION_PROTECTION = "SESSION_PROTECTION";
    /** Where a login-required resource sends an anonymous user. */
    public static final String LOGIN_VIEW = "LOGIN_VIEW";
    /** This library's own: which Flask-Login's form of {@code _id} to write and check. */
    public static final String LOGIN_SESSION_IDENTIFIER = "LOGIN_SESSION_IDENTIFIER";

    /** Flask-Login's {@code COOKIE_DURATION}: 365 days. */
    public static final Duration DEFAULT_DURATION = Duration.ofDays(365);

    /** {@code SESSION_PROTECTION}'s modes, as {@code LoginManager._session_protection_failed} reads them. */
    public enum Protection {
        /** A session whose identifier changed is marked not fresh (Flask-Login's default). */
        BASIC,
        /** A non-permanent session whose identifier changed loses every Flask-Login key and the remember cookie. */
        STRONG,
        /** No check (Flask-Login's {@code None}). */
        NONE
    }

    private static final Setting<String> NAME = Setting.of(REMEMBER_COOKIE_NAME, "remember_token",
            "`remember_token`", "a cookie name", "the remember-me cookie's name", LoginSettings::checkCookieName,
            name -> name);
    private static final Setting<Long> DURATION = Setting.number(REMEMBER_COOKIE_DURATION,
            DEFAULT_DURATION.toSeconds(), 0, SessionConfig.MAX_LIFETIME.toSeconds(), "seconds",
            "how long the remember-me cookie lasts (its `Expires`; the cookie holds no time of its own); "
                    + "`login(..., duration)` overrides it per login");
    private static final Setting<String> DOMAIN = Setting.text(REMEMBER_COOKIE_DOMAIN, null,
            "unset: a host-only cookie", "the remember-me cookie's `Domain`");
    private static final Setting<String> PATH = Setting.text(REMEMBER_COOKIE_PATH, "/", "`/`",
            "the remember-me cookie's `Path`");
    private static final Setting<Boolean> SECURE = Setting.flag(REMEMBER_COOKIE_SECURE, false,
            "send the remember-me cookie over HTTPS only");
    private static final Setting<Boolean> HTTPONLY = Setting.flag(REMEMBER_COOKIE_HTTPONLY, true,
            "keep scripts away from the remember-me cookie");
    private static final Setting<SameSite> SAMESITE = Setting.of(REMEMBER_COOKIE_SAMESITE, null,
            "unset: no attribute", "`Strict`, `Lax` or `None` (`None` needs `REMEMBER_COOKIE_SECURE`)",
            "the remember-me cookie's `SameSite`", LoginSettings::parseSameSite, SameSite::attribute);
    private static final Setting<Boolean> REFRESH = Setting.flag(REMEMBER_COOKIE_REFRESH_EACH_REQUEST, false,
            "send the remember-me cookie again, with a new `Expires`, on every request of a signed-in user");
    private static final Setting<Protection> PROTECTION = Setting.choice(SESSION_PROTECTION, Protection.class,
            Protection.BASIC, "when the session's `_id` (a hash of the client's address and User-Agent) differs: "
                    + "`basic` marks the login not fresh, `strong` signs a non-permanent session out");
    private static final Setting<String> VIEW = Setting.text(LOGIN_VIEW, null, "unset: a 401",
            "where a login-required resource redirects an anonymous user, with `next`");
    private static final Setting<SessionIdentifier.Form> IDENTIFIER = Setting.of(LOGIN_SESSION_IDENTIFIER,
            SessionIdentifier.Form.FLASK_LOGIN_0_6, "`0.6`", "`0.6` or `0.7`",
            "this library's own: the form of `_id`, Flask-Login 0.6.3's (a hash of the values' Python bytes repr, "
                    + "first `X-Forwarded-For` hop) or the unreleased 0.7's (remote address and User-Agent as they "
                    + "are); set it to the Flask-Login the Flask app runs", LoginSettings::parseForm,
            SessionIdentifier.Form::version);

    /** Every setting this class reads, in documentation order: the one table they are declared in. */
    public static final List<Setting<?>> SETTINGS = List.of(NAME, DURATION, DOMAIN, PATH, SECURE, HTTPONLY, SAMESITE,
            REFRESH, PROTECTION, VIEW, IDENTIFIER);

    /** This table, under its heading in the README. */
    public static final SettingsTable TABLE = new SettingsTable(LoginSettings.class.getSimpleName(),
            "Flask-Login's settings", SETTINGS);

    private final Map<Setting<?>, Object> values = new HashMap<>();

    private LoginSettings(ConfigSource source) {
        for (Setting<?> setting : SETTINGS) {
            Object value = setting.readOrDefault(source);
            if (value != null) {
                values.put(setting, value);
            }
        }
        if (get(SAMESITE) == SameSite.NONE && !get(SECURE)) {
            throw new SessionConfigException(REMEMBER_COOKIE_SAMESITE, "'None' needs REMEMBER_COOKIE_SECURE=true: "
                    + "browsers drop a SameSite=None cookie that is not Secure, so the remember-me cookie would never "
                    + "come back");
        }
    }

    /**
     * @param source where raw values come from
     * @return the settings
     * @throws SessionConfigException naming the first bad setting
     */
    public static LoginSettings from(ConfigSource source) {
        return new LoginSettings(source);
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** @return the remember-me cookie's name */
    public String cookieName() {
        return get(NAME);
    }

    /** @return the remember-me cookie's lifetime when a login gives none */
    public Duration cookieDuration() {
        return Duration.ofSeconds(get(DURATION));
    }

    /** @return the remember-me cookie's {@code Domain}, if any */
    public Optional<String> cookieDomain() {
        return Optional.ofNullable(get(DOMAIN));
    }

    /** @return the remember-me cookie's {@code Path} */
    public String cookiePath() {
        return get(PATH);
    }

    /** @return whether the remember-me cookie is {@code Secure} */
    public boolean cookieSecure() {
        return get(SECURE);
    }

    /** @return whether the remember-me cookie is {@code HttpOnly} */
    public boolean cookieHttpOnly() {
        return get(HTTPONLY);
    }

    /** @return the remember-me cookie's {@code SameSite}, if any */
    public Optional<SameSite> cookieSameSite() {
        return Optional.ofNullable(get(SAMESITE));
    }

    /** @return whether the remember-me cookie is sent again on every request of a signed-in user */
    public boolean refreshEachRequest() {
        return get(REFRESH);
    }

    /** @return the session protection mode */
    public Protection sessionProtection() {
        return get(PROTECTION);
    }

    /** @return the login view, if set */
    public Optional<String> loginView() {
        return Optional.ofNullable(get(VIEW));
    }

    /** @return which Flask-Login's form of the session identifier is used */
    public SessionIdentifier.Form identifierForm() {
        return get(IDENTIFIER);
    }

    @Override
    public String toString() {
        return Setting.showAll(SETTINGS, values);
    }

    private static String checkCookieName(String name) {
        if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid cookie name; use letters, digits and "
                    + "-_.!#$%&'*+^`|~");
        }
        return name;
    }

    private static SameSite parseSameSite(String text) {
        for (SameSite s : SameSite.values()) {
            if (s.attribute().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not accepted; use Strict, Lax or None, or leave it unset "
                + "for no SameSite attribute");
    }

    private static SessionIdentifier.Form parseForm(String text) {
        for (SessionIdentifier.Form f : SessionIdentifier.Form.values()) {
            if (f.version().equals(text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not accepted; use 0.6 (Flask-Login 0.6.3) or 0.7");
    }
}
