package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Holds the request's session, and the view of the request it was opened for, in one place: the request filter
 * opens it here, {@code @Inject FlaskSession} reads it anywhere in the request, and the response filter saves what
 * is here.
 * With {@code SESSION_LAZY_OPEN}, it holds how to open the session instead, and opens it the first time the request
 * uses it: {@code @Inject FlaskSession} is a proxy, so the first call on it (from a resource, an interceptor or a
 * filter) is that first use.
 *
 * <p>Synchronized: a resource may hand the session to other threads (an async response, a late task), and the first
 * use and the save must see one session.
 */
@RequestScoped
public class CurrentSession {
    private SessionRequest request;
    private FlaskSession session;
    private Supplier<FlaskSession> opener;
    private boolean openBySave;
    private boolean saved;
    private boolean opening;

    /**
     * @param request the request, as the cycle's hooks read it
     * @param session the session opened for it
     */
    public synchronized void open(SessionRequest request, FlaskSession session) {
        this.request = request;
        this.session = session;
    }

    /**
     * @param request    the request, as the cycle's hooks read it
     * @param opener     opens the request's session; called at most once with success, on first use. A failure (the
     *                   store down) reaches the caller, and a later use tries again
     * @param openBySave whether the response filter opens a session still unopened ({@link #mustOpenBySave()}):
     *                   eager opening deferred off an event loop, rather than {@code SESSION_LAZY_OPEN}
     */
    public synchronized void openOnFirstUse(SessionRequest request, Supplier<FlaskSession> opener, boolean openBySave) {
        this.request = request;
        this.opener = opener;
        this.openBySave = openBySave;
    }

    /** @return the request the session is for, or empty when the request filter did not run */
    public synchronized Optional<SessionRequest> request() {
        return Optional.ofNullable(request);
    }

    /** @return the session, if it is open; never opens it */
    public synchronized Optional<FlaskSession> opened() {
        return Optional.ofNullable(session);
    }

    /** @return whether the session is still to be opened and the response filter must open it before saving */
    public synchronized boolean mustOpenBySave() {
        return openBySave && session == null && opener != null;
    }

    /**
     * For the response filter, once the response's cookie and {@code Vary} are decided: a session still unopened
     * (with {@code SESSION_LAZY_OPEN}) and first used after this, from a streamed body, a {@code WriterInterceptor} or
     * a late task, opens already saved, as in eager mode: it can be read, and a change, which the client would never
     * get, fails.
     */
    public synchronized void markSaved() {
        saved = true;
    }

    /**
     * @return the request's session
     * @throws IllegalStateException when no session was opened, i.e. the request did not pass the session filter
     */
    @Produces
    @RequestScoped
    public synchronized FlaskSession flaskSession() {
        if (opening) {
            throw new IllegalStateException("flask-session: the session was used while it opens, from a SessionHook's "
                    + "opened() through @Inject FlaskSession; a hook uses the session it is given");
        }
        if (session == null && opener != null) {
            opening = true;
            try {
                session = opener.get();
            } finally {
                opening = false;
            }
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
