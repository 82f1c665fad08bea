package dev.flasksession.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request's session cycle, as Flask runs it: {@link #open} asks the backend ({@code open_session}), falls back
 * to the null session when it returns none, and runs the hooks' {@link SessionHook#opened}; {@link #save} runs
 * {@link SessionHook#beforeSave}, asks the backend ({@code save_session}) unless the session is the null one, marks
 * the session saved and runs {@link SessionHook#afterSave}. A request filter (JAX-RS or any other) only carries the
 * request and response views to it. Immutable and shared by all requests.
 */
public final class SessionCycle {
    private static final Logger LOG = Logger.getLogger(SessionCycle.class.getName());
    private final SessionInterface backend;
    private final List<SessionHook> openOrder;
    private final List<SessionHook> saveOrder;

    private SessionCycle(SessionInterface backend, List<SessionHook> hooks) {
        this.backend = backend;
        this.openOrder = List.copyOf(hooks);
        List<SessionHook> reversed = new ArrayList<>(hooks);
        Collections.reverse(reversed);
        this.saveOrder = List.copyOf(reversed);
    }

    /**
     * @param backend the selected session interface
     * @param hooks   the hooks besides the timeouts, which every cycle runs; equal priorities keep this order
     * @return the cycle
     */
    public static SessionCycle of(SessionInterface backend, Collection<? extends SessionHook> hooks) {
        Objects.requireNonNull(backend, "backend");
        List<SessionHook> all = new ArrayList<>();
        all.add(new SessionTimeouts(backend));
        all.addAll(hooks);
        all.sort(Comparator.comparingInt(SessionHook::priority));
        return new SessionCycle(backend, all);
    }

    /** @return the backend this cycle opens and saves with */
    public SessionInterface backend() {
        return backend;
    }

    /** @return the hooks in the order they run after opening */
    public List<SessionHook> hooks() {
        return openOrder;
    }

    /**
     * @param request the incoming request
     * @return its session, or the null session when the backend cannot make one
     * @throws SessionStoreUnavailableException when the store cannot be read
     */
    public FlaskSession open(SessionRequest request) {
        FlaskSession session = backend.openSession(request);
        if (session == null) {
            return backend.makeNullSession();
        }
        for (SessionHook hook : openOrder) {
            hook.opened(session, request);
        }
        return session;
    }

    /**
     * @param session  the session {@link #open} gave
     * @param request  the request it was opened for
     * @param response the outgoing response
     * @throws SessionStoreUnavailableException when the store cannot be written (or asked before writing)
     */
    public void save(FlaskSession session, SessionRequest request, SessionResponse response) {
        if (backend.isNullSession(session)) {
            return;
        }
        for (SessionHook hook : saveOrder) {
            hook.beforeSave(session, request, response);
        }
        try {
            backend.saveSession(session, response);
        } finally {
            // Saved or failed, a later change would be lost either way, so it fails rather than vanish.
            session.markSaved();
        }
        for (SessionHook hook : saveOrder) {
            try {
                hook.afterSave(session, request, response);
            } catch (RuntimeException e) {
                // The store holds the session now: failing the response would drop its Set-Cookie and leave the
                // client with an id that no longer exists (a regenerated or ended session).
                LOG.log(Level.WARNING, "flask-session: a hook failed after the session was saved ("
                        + hook.getClass().getName() + "); the response goes out as it is", e);
            }
        }
    }
}
