package dev.flasksession.session;

import dev.flasksession.config.SessionConfig;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * A backend with no sessions at all: every request gets Flask's null session, which reads as empty and refuses
 * writes with a message naming {@code SECRET_KEY}. Nothing is ever written to the response. Select it as an
 * alternative; the default backend behaves the same way on its own when no secret key is set.
 */
@Alternative
@Dependent
public class NullSessionInterface extends SessionInterface {
    /**
     * @param config the settings (only the cookie hooks read them)
     */
    @Inject
    public NullSessionInterface(SessionConfig config) {
        super(config, Clock.systemUTC());
    }

    @Override
    public FlaskSession openSession(SessionRequest request) {
        return makeNullSession();
    }

    @Override
    public void saveSession(FlaskSession session, SessionResponse response) {
        // A null session has nothing to save.
    }
}
