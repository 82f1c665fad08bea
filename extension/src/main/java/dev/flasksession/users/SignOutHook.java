package dev.flasksession.users;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionHook;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import java.util.Objects;

/**
 * The "sign out everywhere" check ({@code SESSION_TRACK_USERS}) as a hook: {@link SignOutCheck#endIfSignedOut}
 * right after the timeouts end a stale session, and {@link SignOutCheck#endIfSignedOutBeforeSave} after every
 * application hook had its last word and before the time stamps are written.
 */
public final class SignOutHook implements SessionHook {
    private final SessionInterface backend;
    private final SignOutStore store;

    /**
     * @param backend the backend whose sessions it checks
     * @param store   where sign-outs are recorded
     */
    public SignOutHook(SessionInterface backend, SignOutStore store) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public int priority() {
        return SIGN_OUT;
    }

    @Override
    public void opened(FlaskSession session, SessionRequest request) {
        SignOutCheck.endIfSignedOut(backend, session, store);
    }

    @Override
    public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        SignOutCheck.endIfSignedOutBeforeSave(backend, session, store);
    }
}
