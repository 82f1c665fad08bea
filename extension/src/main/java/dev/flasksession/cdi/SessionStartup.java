package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.NullSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.logging.Logger;

/**
 * Builds the session interface when the application starts, so that a bad setting fails the deployment rather than
 * the first request, logs which backend is active, and warns once when sessions are unavailable.
 */
@ApplicationScoped
public class SessionStartup {
    private static final Logger LOG = Logger.getLogger(SessionStartup.class.getName());

    /**
     * @param event            the application-scope start
     * @param sessionInterface the active backend, created here so that its settings are checked now
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, SessionInterface sessionInterface) {
        LOG.info(() -> "flask-session: active backend " + sessionInterface.getClass().getName() + " with "
                + sessionInterface.config());
        FlaskSession probe = sessionInterface.openSession(SessionRequest.fromCookieHeaders(List.of()));
        if (probe == null || sessionInterface.isNullSession(probe)) {
            LOG.warning("flask-session: " + NullSession.MESSAGE + " Until then every session is empty and read-only.");
        }
    }
}
