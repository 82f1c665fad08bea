package dev.flasksession.config;

import java.util.List;

/** How the request filter drives a request's session: when it is opened. Read by the filter, whatever the backend. */
public final class RequestFilterSettings {
    /** Whether the session is opened only when the request first uses it. */
    public static final String SESSION_LAZY_OPEN = "SESSION_LAZY_OPEN";

    /** {@value #SESSION_LAZY_OPEN}. */
    public static final Setting<Boolean> LAZY_OPEN = Setting.flag(SESSION_LAZY_OPEN, false,
            "open the session when the request first uses it, not when it arrives: a request that never touches it "
                    + "costs no store command and no signature check, writes no cookie and no `Vary`, answers while "
                    + "the store is down, and does not keep the session alive");

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(LAZY_OPEN);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(RequestFilterSettings.class.getSimpleName(),
            "The request filter", SETTINGS);

    private RequestFilterSettings() {
    }
}
