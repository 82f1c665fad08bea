package dev.flasksession.session;

/**
 * Flask's {@code NullSession}: stands in when sessions cannot work because no secret key was set. Reads see an
 * empty session; every change throws a {@link SessionUnavailableException} that names {@code SECRET_KEY}.
 */
public class NullSession extends FlaskSession {
    /** The message of every refused write. */
    public static final String MESSAGE = "The session is unavailable because no secret key was set. Set SECRET_KEY "
            + "(a system property, an environment variable or your configuration) to something unique and secret.";

    /** An empty, read-only session. */
    public NullSession() {
        super();
    }

    @Override
    protected void beforeUpdate() {
        throw new SessionUnavailableException(MESSAGE);
    }
}
