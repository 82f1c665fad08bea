package dev.flasksession.config;

import java.util.List;

/**
 * The settings of the common configuration that need a session id, so only a server-side backend reads them; a cookie
 * backend refuses them at start-up rather than ignore them. A store's own settings (where it is, Flask-Session's
 * {@code SESSION_KEY_PREFIX}, ...) are declared by the store, not here.
 */
public final class ServerSideSessionSettings {
    /** A request header that carries the session id, beside the cookie, for API clients. */
    public static final String SESSION_HEADER_NAME = "SESSION_HEADER_NAME";

    /** {@value #SESSION_HEADER_NAME}. */
    public static final Setting<String> HEADER_NAME = Setting.of(SESSION_HEADER_NAME, null, "unset",
            "a header name, e.g. `X-Session-Id`", "server-side backends only: also read the session id from this "
                    + "header, and send it back in it when the session is new or regenerated",
            ServerSideSessionSettings::checkHeaderName, name -> name);

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(HEADER_NAME);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(ServerSideSessionSettings.class.getSimpleName(),
            "Server-side backends only", SETTINGS);

    private ServerSideSessionSettings() {
    }

    private static String checkHeaderName(String name) {
        if (!FlaskSessionSettings.isToken(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a header name; use letters, digits and -");
        }
        return name;
    }
}
