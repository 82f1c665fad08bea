package dev.flasksession.config;

import java.util.List;

/**
 * OWASP's session timeouts, on the server's clock: apart from Flask's {@code PERMANENT_SESSION_LIFETIME}, which
 * only bounds a cookie's age, they end a session however its cookie is kept. Every backend reads them.
 */
public final class SessionTimeoutSettings {
    /** Seconds of inactivity after which a session ends; 0 for none. */
    public static final String SESSION_IDLE_TIMEOUT = "SESSION_IDLE_TIMEOUT";
    /** Seconds after its creation at which a session ends, however active; 0 for none. */
    public static final String SESSION_ABSOLUTE_TIMEOUT = "SESSION_ABSOLUTE_TIMEOUT";

    /** {@value #SESSION_IDLE_TIMEOUT}. */
    public static final Setting<Long> IDLE_TIMEOUT = Setting.number(SESSION_IDLE_TIMEOUT, 0, 0,
            FlaskSessionSettings.MAX_LIFETIME.toSeconds(), "seconds", "end a session unused for this long (OWASP's "
                    + "idle timeout), on the server's clock; 0 for none. A session in use is written again at most "
                    + "every tenth of it");
    /** {@value #SESSION_ABSOLUTE_TIMEOUT}. */
    public static final Setting<Long> ABSOLUTE_TIMEOUT = Setting.number(SESSION_ABSOLUTE_TIMEOUT, 0, 0,
            FlaskSessionSettings.MAX_LIFETIME.toSeconds(), "seconds", "end a session this long after it began, "
                    + "however active (OWASP's absolute timeout); 0 for none");

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(IDLE_TIMEOUT, ABSOLUTE_TIMEOUT);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(SessionTimeoutSettings.class.getSimpleName(),
            "Timeouts", SETTINGS);

    private SessionTimeoutSettings() {
    }
}
