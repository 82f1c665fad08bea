package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import java.util.function.Supplier;

/**
 * Holds the session the request filter opened, and gives it to {@code @Inject FlaskSession} anywhere in the request.
 * With {@code SESSION_LAZY_OPEN}, it holds how to open the session instead, and opens it the first time the request
 * uses it: {@code @Inject FlaskSession} is a proxy, so the first call on it (from a resource, an interceptor or a
 * filter) is that first use.
 */
@RequestScoped
public class CurrentSession {
    private FlaskSession session;
    private Supplier<FlaskSession> opener;

    /**
     * @param session the session opened for this request
     */
    public void open(FlaskSession session) {
        this.session = session;
    }

    /**
     * @param opener opens the request's session; called at most once with success, on first use. A failure (the
     *               store down) reaches the caller, and a later use tries again
     */
    public void openOnFirstUse(Supplier<FlaskSession> opener) {
        this.opener = opener;
    }

    /**
     * @return the request's session
     * @throws IllegalStateException when no session was opened, i.e. the request did not pass the session filter
     */
    @Produces
    @RequestScoped
    public FlaskSession flaskSession() {
        if (session == null && opener != null) {
            session = opener.get();
            opener = null;
        }
        if (session == null) {
            throw new IllegalStateException("No Flask session is open for this request: register the JAX-RS provider "
                    + "dev.flasksession.jaxrs.SessionFilter, and use the session only while a request runs");
        }
        return session;
    }
}
