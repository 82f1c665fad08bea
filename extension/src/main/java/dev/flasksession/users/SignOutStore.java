package dev.flasksession.users;

import java.util.Optional;

/**
 * Where "sign out everywhere" is remembered: per user, the latest {@link SignOut}, before which every session of
 * that user counts as ended. Signed and encrypted cookies need it, since no server keeps them: a cookie captured
 * before the sign-out then opens empty. The library keeps it in Redis when {@code SESSION_REDIS} is set or the
 * backend is Redis; an application without Redis provides its own as a CDI bean (a table in its database, say).
 *
 * <p>It is read when a signed-in user's session opens and again before it is saved, so a request in flight across a
 * sign-out cannot bring its session back.
 */
public interface SignOutStore {
    /**
     * @param user a user, as stored under {@code SESSION_USER_KEY}
     * @return the user's latest sign-out everywhere, if one is still kept
     */
    Optional<SignOut> lastSignOut(String user);

    /**
     * Records a sign-out, replacing the user's previous one.
     *
     * @param user           a user
     * @param signOut        the sign-out
     * @param keepForSeconds how long to keep it: it must outlive every session of the user that could predate it
     */
    void signOut(String user, SignOut signOut, long keepForSeconds);

    /**
     * @param user a user
     * @return the user's latest "remember me" login made by this library, kept apart from the sign-out records;
     *     empty when none is kept, or when this store keeps none (then a sign-out everywhere refuses the user's
     *     remember-me cookies here until the sign-out record itself expires)
     */
    default Optional<SignOut> lastRememberLogin(String user) {
        return Optional.empty();
    }

    /**
     * Records a "remember me" login, which lets the user's remember-me cookie in again after an earlier sign-out
     * everywhere. A store that keeps nothing here ignores it.
     *
     * @param user           a user
     * @param login          when the login was made
     * @param keepForSeconds how long to keep it
     */
    default void rememberLogin(String user, SignOut login, long keepForSeconds) {
    }
}
