package dev.flasksession.session;

/**
 * The session store (Redis, say) could not be reached or did not answer. The JAX-RS integration answers it with a
 * 503 and a {@code Retry-After}; nothing already stored is touched.
 */
public class SessionStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    /**
     * @param message           what failed, without secrets
     * @param retryAfterSeconds what to tell clients in {@code Retry-After}
     * @param cause             the client library's error
     */
    public SessionStoreUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return the seconds a client should wait before retrying */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
