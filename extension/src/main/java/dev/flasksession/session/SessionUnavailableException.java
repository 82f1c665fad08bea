package dev.flasksession.session;

/**
 * A write to a session that cannot be saved, such as the null session used when no {@code SECRET_KEY} is set.
 * The JAX-RS integration answers it with a 500 and writes nothing.
 */
public class SessionUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the session is unavailable and what to set
     */
    public SessionUnavailableException(String message) {
        super(message);
    }
}
