package dev.flasksession.config;

import java.util.List;

/**
 * How much of a session is read, and when an unmarked change is saved: this library's own limits and checks on the
 * session's payload, read by every backend (a cookie's value, a store's value).
 */
public final class SessionPayloadSettings {
    /** The longest session cookie value read; longer ones give an empty session without being decoded. */
    public static final String SESSION_MAX_COOKIE_BYTES = "SESSION_MAX_COOKIE_BYTES";
    /** The largest session payload read: a cookie's, once decompressed, or a stored value. */
    public static final String SESSION_MAX_PAYLOAD_BYTES = "SESSION_MAX_PAYLOAD_BYTES";
    /** Whether a session not marked modified is still saved when its contents differ from what was opened. */
    public static final String SESSION_DETECT_NESTED_CHANGES = "SESSION_DETECT_NESTED_CHANGES";

    /** {@value #SESSION_MAX_COOKIE_BYTES}. */
    public static final Setting<Long> MAX_COOKIE_BYTES = Setting.number(SESSION_MAX_COOKIE_BYTES, 8192, 256,
            1 << 20, "bytes", "the longest session cookie value read; a longer one gives an empty session without "
                    + "being checked or decoded (browsers keep cookies to about 4 KB)");
    /** {@value #SESSION_MAX_PAYLOAD_BYTES}. */
    public static final Setting<Long> MAX_PAYLOAD_BYTES = Setting.number(SESSION_MAX_PAYLOAD_BYTES, 1 << 20, 1024,
            64 << 20, "bytes", "the largest session read: a cookie's payload once decompressed (inflating stops "
                    + "there, so a small cookie cannot inflate to megabytes) or a value stored in Redis");
    /** {@value #SESSION_DETECT_NESTED_CHANGES}. */
    public static final Setting<Boolean> DETECT_NESTED = Setting.flag(SESSION_DETECT_NESTED_CHANGES, false,
            "save a session whose contents differ from what was opened even if nothing marked it modified, so "
                    + "`session.get(\"cart\").add(x)` is not lost without `markModified()`; costs one encoding per "
                    + "request that opened a session and did not change it");

    /** This table's settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(MAX_COOKIE_BYTES, MAX_PAYLOAD_BYTES, DETECT_NESTED);

    /** This table, under its heading. */
    public static final SettingsTable TABLE = new SettingsTable(SessionPayloadSettings.class.getSimpleName(),
            "Reading and saving the session", SETTINGS);

    private SessionPayloadSettings() {
    }
}
