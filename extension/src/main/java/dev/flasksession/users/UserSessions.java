package dev.flasksession.users;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A user's sessions, for the application: list them for a "your devices" page, and end them all ("sign out
 * everywhere"). Needs {@code SESSION_TRACK_USERS}. Inject it where the user manages their account.
 *
 * <p>On Redis, every session of the user is deleted and a sign-out record kept, so a request already under way
 * cannot bring one back. On signed or encrypted cookies, which live only in browsers, the record alone does the work:
 * a cookie of the user made before it opens empty. The record lives in the application's own {@link SignOutStore}
 * bean if it has one, else in Redis (the backend's, or {@code SESSION_REDIS}).
 */
@ApplicationScoped
public class UserSessions {
    @Inject
    SessionInterface backend;

    @Inject
    SessionConfig config;

    @Inject
    Instance<SignOutStore> applicationStore;

    @Inject
    @BuiltIn
    Instance<SignOutStore> libraryStore;

    @Inject
    @Any
    Instance<LongLivedLogins> longLivedLogins;

    private volatile Optional<SignOutStore> store;

    /** @return where sign-outs are recorded, or empty when nothing is configured for it */
    public Optional<SignOutStore> store() {
        Optional<SignOutStore> s = store;
        if (s == null) {
            if (applicationStore.isResolvable()) {
                s = Optional.of(applicationStore.get());
            } else if (libraryStore.isResolvable()) {
                // The library's producer gives null when nothing it could use is configured.
                s = Optional.ofNullable(libraryStore.get());
            } else {
                s = Optional.empty();
            }
            store = s;
        }
        return s;
    }

    /**
     * @param user a user, as stored under {@code SESSION_USER_KEY}
     * @return the user's live sessions, oldest first
     * @throws IllegalStateException when {@code SESSION_TRACK_USERS} is off, or the backend keeps no sessions
     *                               (cookies live in browsers and cannot be listed)
     */
    public List<SessionInfo> sessionsOf(String user) {
        requireTracking();
        if (backend instanceof UserSessionIndex index) {
            return index.sessionsOf(user);
        }
        throw new IllegalStateException("flask-session: a user's sessions can be listed only on a server-side backend "
                + "(Redis); " + backend.getClass().getSimpleName() + " keeps sessions in browsers' cookies");
    }

    /**
     * Ends every session of the user, this request's included. A request in flight across it cannot bring its
     * session back: the record is asked again before each save. A sign-in after it, even within the same second,
     * is not ended.
     *
     * @param user a user, as stored under {@code SESSION_USER_KEY}
     * @return how many sessions a server-side store ended; 0 for cookie backends, which cannot count them
     * @throws IllegalStateException when {@code SESSION_TRACK_USERS} is off, or there is nowhere to record the
     *                               sign-out
     */
    public int signOutEverywhere(String user) {
        return signOut(user, null);
    }

    /**
     * "Sign out all my other devices": ends every session of the user but the current one, which goes on as it is.
     *
     * @param user    a user, as stored under {@code SESSION_USER_KEY}
     * @param current this request's session, which must belong to the user
     * @return how many sessions a server-side store ended; 0 for cookie backends, which cannot count them
     * @throws IllegalStateException    when {@code SESSION_TRACK_USERS} is off, or there is nowhere to record the
     *                                  sign-out
     * @throws IllegalArgumentException when the current session is not the user's
     */
    public int signOutEverywhereElse(String user, FlaskSession current) {
        requireTracking();
        if (!user.equals(String.valueOf(current.get(config.userKey())))) {
            throw new IllegalArgumentException("flask-session: the current session is not signed in as that user");
        }
        return signOut(user, current);
    }

    private int signOut(String user, FlaskSession kept) {
        requireTracking();
        SignOutStore s = store().orElseThrow(() -> new IllegalStateException("flask-session: signing out everywhere "
                + "with " + backend.getClass().getSimpleName() + " needs somewhere to record it: set SESSION_REDIS, "
                + "or provide a dev.flasksession.users.SignOutStore bean"));
        Optional<String> keptHandle = kept == null ? Optional.empty() : kept.handle();
        SignOut signOut = SignOut.now(Clock.systemUTC().millis(), keptHandle);
        if (kept != null) {
            // First: if the session can no longer change, nothing is signed out, this device included.
            kept.put(FlaskSession.AFTER_SIGN_OUT_KEY, signOut.id());
        }
        s.signOut(user, signOut, recordLifetimeSeconds());
        return backend instanceof UserSessionIndex index ? index.endAll(user, signOut) : 0;
    }

    /**
     * A record must outlive every session that could predate it. Each such session was last written before the
     * sign-out, or by a request already past its own check of the record when the record was written; written then,
     * it lives {@code PERMANENT_SESSION_LIFETIME} at most (longer with neither a timeout nor a TTL is impossible: the
     * signature or the TTL ends it), and a {@link LongLivedLogins} login (a remember-me cookie) as long as it says.
     * One lifetime more covers the requests in flight.
     */
    private long recordLifetimeSeconds() {
        long lifetime = config.permanentSessionLifetime().toSeconds();
        long longest = Math.max(lifetime, config.absoluteTimeout().toSeconds());
        for (LongLivedLogins logins : longLivedLogins) {
            longest = Math.max(longest, logins.longestLifetime().toSeconds());
        }
        return longest + lifetime;
    }

    private void requireTracking() {
        if (!config.trackUsers()) {
            throw new IllegalStateException("flask-session: set SESSION_TRACK_USERS=true to list or end a user's sessions");
        }
    }
}
