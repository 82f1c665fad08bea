package dev.flasksession.store;

/**
 * The Flask-Session settings every server-side store reads the same way: where a session is kept, how its id is
 * made and signed, whether a new session is permanent, its stored format and how long a client waits when the
 * store is away.
 */
public interface ServerSideSettings {
    /** @return {@code SESSION_KEY_PREFIX}, put before the id in the store */
    String keyPrefix();

    /** @return {@code SESSION_USE_SIGNER}: whether the cookie carries the id signed */
    boolean useSigner();

    /** @return {@code SESSION_PERMANENT}: whether a new session is permanent */
    boolean permanent();

    /** @return {@code SESSION_ID_LENGTH}, in random bytes */
    int idLength();

    /** @return {@code SESSION_SERIALIZATION_FORMAT}: how a session's contents are stored as bytes */
    SerializationFormat format();

    /** @return the {@code Retry-After} of a 503 when the store cannot be used */
    int retryAfterSeconds();
}
