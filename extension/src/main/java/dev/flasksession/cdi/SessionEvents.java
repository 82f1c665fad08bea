package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionHook;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Fires {@link SessionCreated}, {@link SessionSaved}, {@link SessionCleared}, {@link SessionRegenerated} and
 * {@link SessionExpired} once a
 * session was saved, from what changed during the request. A request that only read the session fires nothing. It is
 * a {@link SessionHook}, run after the application's own hooks saw the session saved.
 */
@ApplicationScoped
public class SessionEvents implements SessionHook {
    @Inject
    Event<SessionCreated> created;

    @Inject
    Event<SessionSaved> saved;

    @Inject
    Event<SessionCleared> cleared;

    @Inject
    Event<SessionRegenerated> regenerated;

    @Inject
    Event<SessionExpired> expired;

    @Override
    public int priority() {
        return EVENTS;
    }

    @Override
    public void afterSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        afterSave(session);
    }

    /**
     * @param session a session its backend has just saved without error
     */
    public void afterSave(FlaskSession session) {
        // A saved session already has its id; asking sid() here would make one for every session that stores nothing.
        if (session.wasDropped()) {
            // Nothing was written: the id had been moved or ended meanwhile, so there is nothing to report.
            return;
        }
        Optional<String> id = session.existingSid();
        if (session.wasExpired()) {
            expired.fire(new SessionExpired(id));
        }
        if (session.previousSid().isPresent() && !session.wasExpired()) {
            regenerated.fire(new SessionRegenerated(session.previousSid().get(), id.orElseThrow()));
        }
        if (!session.isModified()) {
            return;
        }
        if (session.hasData()) {
            if (session.wasEmptyWhenOpened() || session.wasExpired()) {
                created.fire(new SessionCreated(id));
            }
            saved.fire(new SessionSaved(id));
        } else if (!session.wasEmptyWhenOpened() && !session.wasExpired()) {
            cleared.fire(new SessionCleared(id));
        }
    }
}
