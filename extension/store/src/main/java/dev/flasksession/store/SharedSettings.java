package dev.flasksession.store;

import dev.flasksession.config.Setting;

/**
 * The Flask-Session settings both server-side stores read, declared once here so that one name never has two
 * meanings: each store's settings class reads these declarations and lists them among its own.
 */
public final class SharedSettings {
    /** Prefix of every session key. */
    public static final String SESSION_KEY_PREFIX = "SESSION_KEY_PREFIX";
    /** Whether the id in the cookie is signed. */
    public static final String SESSION_USE_SIGNER = "SESSION_USE_SIGNER";
    /** Whether new sessions are permanent. */
    public static final String SESSION_PERMANENT = "SESSION_PERMANENT";
    /** Random bytes in a new id. */
    public static final String SESSION_ID_LENGTH = "SESSION_ID_LENGTH";
    /** {@code msgpack} or {@code json}. */
    public static final String SESSION_SERIALIZATION_FORMAT = "SESSION_SERIALIZATION_FORMAT";
    /** {@code overwrite} (Flask-Session's last write wins) or {@code merge} (only this request's changes). */
    public static final String SESSION_SAVE_STRATEGY = "SESSION_SAVE_STRATEGY";

    /**
     * The longest cookie value looked up in the store. Anything longer cannot be an id this service issued, so it is
     * not sent to the store; {@code SESSION_ID_LENGTH} is capped so that every id issued stays within it.
     */
    public static final int MAX_COOKIE_VALUE_LENGTH = 512;
    /** What signing adds to an id in the cookie: a dot and the base64 of a SHA-1 HMAC. */
    private static final int SIGNATURE_LENGTH = 1 + 27;

    /** {@value #SESSION_KEY_PREFIX}. */
    public static final Setting<String> KEY_PREFIX = Setting.text(SESSION_KEY_PREFIX, "session:", "`session:`",
            "prefix of every key; must equal the Flask app's to share sessions").asWritten();
    /** {@value #SESSION_USE_SIGNER}. */
    public static final Setting<Boolean> USE_SIGNER = Setting.flag(SESSION_USE_SIGNER, false,
            "sign the id in the cookie with `SECRET_KEY` (salt `flask-session`)");
    /** {@value #SESSION_PERMANENT}. */
    public static final Setting<Boolean> PERMANENT = Setting.flag(SESSION_PERMANENT, true,
            "new sessions are permanent");
    /** {@value #SESSION_ID_LENGTH}. */
    public static final Setting<Long> ID_LENGTH = Setting.number(SESSION_ID_LENGTH, 32, 1, maxIdLength(false),
            "random bytes", "bytes of `SecureRandom` per id; at most " + maxIdLength(true) + " with the signer, so that "
                    + "every cookie value fits the " + MAX_COOKIE_VALUE_LENGTH + " characters that are looked up");
    /** {@value #SESSION_SERIALIZATION_FORMAT}. */
    public static final Setting<SerializationFormat> FORMAT = Setting.choice(SESSION_SERIALIZATION_FORMAT,
            SerializationFormat.class, SerializationFormat.MSGPACK, "what is written; either is read");
    /** {@value #SESSION_SAVE_STRATEGY}; the SQL store reads it only to refuse {@code merge}. */
    public static final Setting<SaveStrategy> SAVE_STRATEGY = Setting.choice(SESSION_SAVE_STRATEGY, SaveStrategy.class,
            SaveStrategy.OVERWRITE, "`overwrite`: the whole session, last write wins, as Flask-Session; `merge`: only "
                    + "this request's changes, applied atomically to what is stored now, so concurrent requests of "
                    + "one user lose nothing");

    private SharedSettings() {
    }

    /**
     * @param signed whether ids are signed in the cookie
     * @return the largest {@code SESSION_ID_LENGTH} whose cookie value fits {@link #MAX_COOKIE_VALUE_LENGTH}
     */
    public static int maxIdLength(boolean signed) {
        int room = MAX_COOKIE_VALUE_LENGTH - (signed ? SIGNATURE_LENGTH : 0);
        // token_urlsafe(n) is unpadded base64: ceil(4n / 3) characters
        return room * 3 / 4;
    }
}
