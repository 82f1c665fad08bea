package dev.flasksession.csrf;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import dev.flasksession.config.SettingsTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flask-WTF 1.3.0's CSRF settings, under its names and with its defaults ({@code CSRFProtect.init_app} and
 * {@code _get_config}). Immutable, parsed and checked once by {@link #from(ConfigSource)}; each setting is declared
 * once, in {@link #SETTINGS}.
 */
public final class WtfCsrfSettings {
    /** Whether CSRF protection is on at all. */
    public static final String WTF_CSRF_ENABLED = "WTF_CSRF_ENABLED";
    /** Whether every request of a protected method is checked, or only where the application asks. */
    public static final String WTF_CSRF_CHECK_DEFAULT = "WTF_CSRF_CHECK_DEFAULT";
    /** The key that signs tokens, instead of {@code SECRET_KEY}. */
    public static final String WTF_CSRF_SECRET_KEY = "WTF_CSRF_SECRET_KEY";
    /** The largest accepted token age in seconds, or none. */
    public static final String WTF_CSRF_TIME_LIMIT = "WTF_CSRF_TIME_LIMIT";
    /** The form field, and the session key of the raw token. */
    public static final String WTF_CSRF_FIELD_NAME = "WTF_CSRF_FIELD_NAME";
    /** The headers a token may come in. */
    public static final String WTF_CSRF_HEADERS = "WTF_CSRF_HEADERS";
    /** The methods that are checked. */
    public static final String WTF_CSRF_METHODS = "WTF_CSRF_METHODS";
    /** Whether HTTPS requests also need a same-origin {@code Referer}. */
    public static final String WTF_CSRF_SSL_STRICT = "WTF_CSRF_SSL_STRICT";
    /** The {@code name} of {@code csrf_meta_tag()}'s {@code <meta>}. */
    public static final String WTF_CSRF_META_NAME = "WTF_CSRF_META_NAME";

    /** Flask-WTF's default time limit, an hour. */
    public static final long DEFAULT_TIME_LIMIT_SECONDS = 3600;
    /** The longest accepted time limit, that of {@link SessionConfig#MAX_LIFETIME}. */
    public static final long MAX_TIME_LIMIT_SECONDS = SessionConfig.MAX_LIFETIME.toSeconds();

    /** RFC 9110's token, which header names and methods are made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final Setting<Boolean> ENABLED = Setting.flag(WTF_CSRF_ENABLED, true,
            "check CSRF tokens at all");
    private static final Setting<Boolean> CHECK_DEFAULT = Setting.flag(WTF_CSRF_CHECK_DEFAULT, false,
            "check every request of `WTF_CSRF_METHODS` except `@CsrfExempt` ones, as Flask-WTF does once "
                    + "`CSRFProtect(app)` runs; off, only `@CsrfProtected` resources are checked, so adding the "
                    + "library never refuses an application's existing posts");
    private static final Setting<String> SECRET = Setting.secret(WTF_CSRF_SECRET_KEY, "unset: `SECRET_KEY`",
            "any text, byte for byte", "signs CSRF tokens instead of `SECRET_KEY` (whose `SECRET_KEY_FALLBACKS` "
                    + "then no longer apply)", text -> text);
    private static final Setting<Optional<Long>> TIME_LIMIT = Setting.of(WTF_CSRF_TIME_LIMIT,
            Optional.of(DEFAULT_TIME_LIMIT_SECONDS), "`" + DEFAULT_TIME_LIMIT_SECONDS + "`",
            "seconds, 0 to " + MAX_TIME_LIMIT_SECONDS + "; empty or `none` for no limit",
            "how old a token may be", WtfCsrfSettings::parseTimeLimit,
            limit -> limit.map(String::valueOf).orElse("none")).asWritten();
    private static final Setting<String> FIELD_NAME = Setting.text(WTF_CSRF_FIELD_NAME, "csrf_token",
            "`csrf_token`", "the form field of the token, and the session key of the raw token");
    private static final Setting<List<String>> HEADERS = Setting.of(WTF_CSRF_HEADERS,
            List.of("X-CSRFToken", "X-CSRF-Token"), "`X-CSRFToken, X-CSRF-Token`", "comma-separated header names",
            "the headers a token may come in, tried in this order after the form", text -> list(text, "header name"),
            String::valueOf);
    private static final Setting<Set<String>> METHODS = Setting.of(WTF_CSRF_METHODS,
            ordered(List.of("POST", "PUT", "PATCH", "DELETE")), "`POST, PUT, PATCH, DELETE`",
            "comma-separated methods, upper case", "the methods that are checked", WtfCsrfSettings::methods,
            String::valueOf);
    private static final Setting<Boolean> SSL_STRICT = Setting.flag(WTF_CSRF_SSL_STRICT, true,
            "on HTTPS, also require a `Referer` of the same origin");
    private static final Setting<String> META_NAME = Setting.text(WTF_CSRF_META_NAME, "csrf-token", "`csrf-token`",
            "the `name` of the `<meta>` tag that carries the token to scripts");

    /** Every setting this class reads, in documentation order: the one table they are declared in. */
    public static final List<Setting<?>> SETTINGS = List.of(ENABLED, CHECK_DEFAULT, SECRET, TIME_LIMIT, FIELD_NAME,
            HEADERS, METHODS, SSL_STRICT, META_NAME);

    /** This table, under its heading in the README. */
    public static final SettingsTable TABLE = new SettingsTable(WtfCsrfSettings.class.getSimpleName(),
            "Flask-WTF's CSRF settings", SETTINGS);

    private final Map<Setting<?>, Object> values = new HashMap<>();

    private WtfCsrfSettings(ConfigSource source) {
        for (Setting<?> setting : SETTINGS) {
            Object value = setting.readOrDefault(source);
            if (value != null) {
                values.put(setting, value);
            }
        }
    }

    /**
     * @param source where raw values come from
     * @return the settings
     * @throws SessionConfigException naming the first bad setting
     */
    public static WtfCsrfSettings from(ConfigSource source) {
        return new WtfCsrfSettings(source);
    }

    /** @return Flask-WTF's defaults, with no {@code WTF_CSRF_SECRET_KEY} */
    public static WtfCsrfSettings defaults() {
        return from(name -> Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** @return {@code WTF_CSRF_ENABLED} */
    public boolean enabled() {
        return get(ENABLED);
    }

    /** @return {@code WTF_CSRF_CHECK_DEFAULT} */
    public boolean checkDefault() {
        return get(CHECK_DEFAULT);
    }

    /** @return {@code WTF_CSRF_SECRET_KEY}, if set */
    public Optional<String> secretKey() {
        return Optional.ofNullable(get(SECRET));
    }

    /** @return {@code WTF_CSRF_TIME_LIMIT} in seconds, or {@code null} for no limit */
    public Long timeLimitSeconds() {
        return get(TIME_LIMIT).orElse(null);
    }

    /** @return {@code WTF_CSRF_FIELD_NAME} */
    public String fieldName() {
        return get(FIELD_NAME);
    }

    /** @return {@code WTF_CSRF_HEADERS}, in the order they are tried */
    public List<String> headers() {
        return get(HEADERS);
    }

    /** @return {@code WTF_CSRF_METHODS} */
    public Set<String> methods() {
        return get(METHODS);
    }

    /** @return {@code WTF_CSRF_SSL_STRICT} */
    public boolean sslStrict() {
        return get(SSL_STRICT);
    }

    /** @return {@code WTF_CSRF_META_NAME} */
    public String metaName() {
        return get(META_NAME);
    }

    /**
     * The keys tokens are signed and checked with, as {@link dev.flasksession.signing.Signer} takes them (oldest
     * first, the signing key last). With {@code WTF_CSRF_SECRET_KEY}, that key alone: the fallbacks are
     * {@code SECRET_KEY}'s old values, and a key kept apart for CSRF must not accept what they signed. Without it,
     * {@code SECRET_KEY} signs and its {@code SECRET_KEY_FALLBACKS} still verify, so a rotation does not break every
     * open form (where Flask-WTF, which ignores the fallbacks, would).
     *
     * @param session the session settings, for {@code SECRET_KEY} and {@code SECRET_KEY_FALLBACKS}
     * @return the keys, UTF-8 encoded
     * @throws SessionConfigException when neither key is set: "A secret key is required to use CSRF."
     */
    public List<byte[]> signingKeys(SessionConfig session) {
        Optional<String> own = secretKey();
        if (own.isPresent()) {
            return List.of(own.get().getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> keys = session.signingKeys();
        if (keys.isEmpty()) {
            throw new SessionConfigException(WTF_CSRF_SECRET_KEY,
                    "A secret key is required to use CSRF: set WTF_CSRF_SECRET_KEY or SECRET_KEY");
        }
        return keys;
    }

    private static Optional<Long> parseTimeLimit(String text) {
        String value = text.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && seconds <= MAX_TIME_LIMIT_SECONDS) {
                return Optional.of(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number of seconds from 0 to "
                + MAX_TIME_LIMIT_SECONDS + ", nor empty or none for no limit");
    }

    private static List<String> list(String text, String what) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String name = item.trim();
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a " + what + "; use a comma-separated list "
                        + "of them");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static Set<String> methods(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String method : list(text, "method")) {
            // Flask-WTF compares the request's method with these as written, so "post" would silently check
            // nothing: refuse it rather than leave forms unprotected.
            if (!method.equals(method.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("'" + method + "' would never match a request's method, which is "
                        + "upper case; write " + method.toUpperCase(Locale.ROOT));
            }
            out.add(method);
        }
        return ordered(out);
    }

    private static Set<String> ordered(Collection<String> items) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }
}
