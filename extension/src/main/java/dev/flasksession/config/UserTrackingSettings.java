package dev.flasksession.config;

import java.util.List;

/**
 * Sessions tracked per user, for sign-out everywhere, a user's devices and a cap per user ({@code dev.flasksession.users}).
 * The cookie backends and Redis read them; the SQL backend refuses tracking, which it cannot do.
 */
public final class UserTrackingSettings {
    /** Whether sessions are tracked per user: sign-out everywhere, a user's devices, a cap per user. */
    public static final String SESSION_TRACK_USERS = "SESSION_TRACK_USERS";
    /** The session key that holds the signed-in user. */
    public static final String SESSION_USER_KEY = "SESSION_USER_KEY";
    /** The most sessions one user keeps; the oldest beyond it are ended. 0 for no cap. */
    public static final String SESSION_MAX_PER_USER = "SESSION_MAX_PER_USER";

    /** {@value #SESSION_TRACK_USERS}. */
    public static final Setting<Boolean> TRACK_USERS = Setting.flag(SESSION_TRACK_USERS, false,
            "track sessions per user (the value under `SESSION_USER_KEY`) for sign-out everywhere and a user's "
                    + "devices; stamps `_fsc_created` in sessions with a user, checks one sign-out record per request "
                    + "of a signed-in user, and on Redis keeps an index per user");
    /** {@value #SESSION_USER_KEY}. */
    public static final Setting<String> USER_KEY = Setting.text(SESSION_USER_KEY, "_user_id", "`_user_id`",
            "the session key that holds the signed-in user (Flask-Login's)");
    /** {@value #SESSION_MAX_PER_USER}. */
    public static final Setting<Long> MAX_PER_USER = Setting.number(SESSION_MAX_PER_USER, 0, 0, 10_000, "sessions",
            "Redis: end a user's oldest sessions beyond this many; 0 for no cap; turns on `SESSION_TRACK_USERS`");

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(TRACK_USERS, USER_KEY, MAX_PER_USER);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(UserTrackingSettings.class.getSimpleName(),
            "Sessions per user", SETTINGS);

    private UserTrackingSettings() {
    }
}
