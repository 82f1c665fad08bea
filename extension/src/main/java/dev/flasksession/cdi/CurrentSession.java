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
    private boolean saved;

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
     * For the response filter, once the response's cookie and {@code Vary} are decided: a session still unopened
     * (with {@code SESSION_LAZY_OPEN}) and first used after this, from a streamed body, a {@code WriterInterceptor} or
     * a late task, opens already saved, as in eager mode: it can be read, and a change, which the client would never
     * get, fails.
     */
    public void markSaved() {
        saved = true;
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
            if (saved) {
                // As in eager mode: reading after the save is fine, a change would be lost and so fails.
                session.markSaved();
            }
        }
        if (session == null) {
            throw new IllegalStateException("No Flask session is open for this request: register the JAX-RS provider "
                    + "dev.flasksession.jaxrs.SessionFilter, and use the session only while a request runs");
        }
        return session;
    }
}
