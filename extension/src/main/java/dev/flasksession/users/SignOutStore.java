package dev.flasksession.users;

import java.util.Optional;

/**
 * Where "sign out everywhere" is remembered: per user, the moment before which every session of that user counts as
 * ended. Signed and encrypted cookies need it, since no server keeps them: a cookie captured before the sign-out
 * then opens empty. The library keeps it in Redis when {@code SESSION_REDIS} is set or the backend is Redis; an
 * application without Redis provides its own as a CDI bean (a table in its database, say).
 */
public interface SignOutStore {
    /**
     * @param user a user, as stored under {@code SESSION_USER_KEY}
     * @return the epoch second at or before which the user's sessions were created count as ended, if any
     */
    Optional<Long> signedOutAt(String user);

    /**
     * @param user          a user
     * @param epochSecond   sessions created at or before it count as ended
     * @param keepForSeconds how long the record matters: after it, every older session has expired anyway
     */
    void signOut(String user, long epochSecond, long keepForSeconds);
}
