package dev.flasksession.users;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.session.SessionTimeouts;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a session outlived its user's "sign out everywhere" ({@code SESSION_TRACK_USERS}), asked by
 * {@link SignOutHook} when a session opens and again before it is saved. It reads the backend's settings and clock and ends a
 * session through the backend's own {@link SessionInterface#expire}, so every backend behaves alike.
 */
public final class SignOutCheck {
    private SignOutCheck() {
    }

    /**
     * Ends the session if its user signed out everywhere after it began. Called by {@link SignOutHook} right after
     * {@link SessionInterface#openSession}; the look it takes does not count as a use of the session.
     *
     * @param backend the backend that opened the session
     * @param session a session just opened
     * @param store   where sign-outs are recorded, or {@code null} when there is none
     * @throws SessionStoreUnavailableException when the store cannot be asked
     */
    public static void endIfSignedOut(SessionInterface backend, FlaskSession session, SignOutStore store) {
        if (!backend.config().trackUsers() || store == null || backend.isNullSession(session)) {
            return;
        }
        session.rememberOpenedAt(backend.clock().millis());
        Object user = session.peekContents().get(backend.config().userKey());
        if (user != null && isSignedOut(backend, session, store.lastSignOut(String.valueOf(user)))) {
            backend.expire(session);
        }
    }

    /**
     * Asks the sign-out store again just before the session is saved, so that a request in flight across a "sign
     * out everywhere" cannot write its session back: a session whose user it opened with was signed out meanwhile is
     * ended (its cookie or stored value removed, this request's changes dropped). A session the request signed in
     * (its user is new since it opened) is marked with {@link FlaskSession#AFTER_SIGN_OUT_KEY} when the request began
     * after the latest sign-out was recorded, which orders a sign-in in the same second as a sign-out exactly; a
     * sign-in in flight across a sign-out is ended with it.
     *
     * @param backend the backend that opened the session
     * @param session the session about to be saved
     * @param store   where sign-outs are recorded, or {@code null} when there is none
     * @throws SessionStoreUnavailableException when the store cannot be asked
     */
    public static void endIfSignedOutBeforeSave(SessionInterface backend, FlaskSession session, SignOutStore store) {
        if (!backend.config().trackUsers() || store == null || backend.isNullSession(session)) {
            return;
        }
        String userKey = backend.config().userKey();
        Object user = session.peekContents().get(userKey);
        if (user == null) {
            return;
        }
        Optional<SignOut> last = store.lastSignOut(String.valueOf(user));
        Object userAtOpen = session.valueAtOpen(userKey);
        boolean signedInNow = session.wasExpired() || userAtOpen == null
                || !String.valueOf(user).equals(String.valueOf(userAtOpen));
        if (!isSignedOut(backend, session, last)) {
            return;
        }
        // Only a sign-in that began after the sign-out was recorded postdates it; one in flight across it does not.
        if (signedInNow && session.openedAtMillis() > last.get().epochMilli()) {
            session.put(FlaskSession.AFTER_SIGN_OUT_KEY, last.get().id());
        } else {
            backend.expire(session);
        }
    }

    /**
     * @param backend the backend that opened the session, for the time now
     * @param session a session with a user
     * @param last    the user's latest sign-out everywhere, if any
     * @return whether the sign-out ends this session: it began at or before it (by {@link FlaskSession#CREATED_KEY},
     *     else by the time the backend proves), and neither carries its id nor is the session it kept
     */
    private static boolean isSignedOut(SessionInterface backend, FlaskSession session, Optional<SignOut> last) {
        if (last.isEmpty()) {
            return false;
        }
        Optional<String> handle = session.existingHandle();
        return ends(last.get(), session.peekContents(), handle, session.provenSince(),
                backend.clock().instant().getEpochSecond());
    }

    /**
     * @param signOut     a sign-out everywhere
     * @param contents    a session's contents
     * @param handle      the session's {@linkplain FlaskSession#handle() handle}, if it has one
     * @param provenSince the earliest time its backend proves it existed, or {@code null}
     * @param now         the time now, in seconds
     * @return whether the sign-out ends the session: it began at or before it (by {@link FlaskSession#CREATED_KEY},
     *     else by {@code provenSince}; a bad stamp or no proof counts as before), and it neither carries the
     *     sign-out's id nor is the session it kept
     */
    public static boolean ends(SignOut signOut, Map<String, ?> contents, Optional<String> handle, Long provenSince,
                               long now) {
        if (signOut.id().equals(contents.get(FlaskSession.AFTER_SIGN_OUT_KEY))
                || (signOut.keptHandle().isPresent() && signOut.keptHandle().equals(handle))) {
            return false;
        }
        long created = SessionTimeouts.stamp(contents.get(FlaskSession.CREATED_KEY), now);
        if (created == SessionTimeouts.INVALID) {
            return true;
        }
        Long start = created != SessionTimeouts.ABSENT ? Long.valueOf(created) : provenSince;
        return start == null || start <= Math.floorDiv(signOut.epochMilli(), 1000);
    }
}
