package dev.flasksession.users;

import java.util.List;

/** A server-side backend that indexes sessions by user, so they can be listed and ended. */
public interface UserSessionIndex {
    /**
     * Also drops index entries whose sessions have expired or were deleted, so the index never outgrows the live
     * sessions.
     *
     * @param user a user, as stored under {@code SESSION_USER_KEY}
     * @return the user's live sessions, oldest first
     */
    List<SessionInfo> sessionsOf(String user);

    /**
     * Ends the user's sessions that a sign-out ends: those that began before it, but not one that signed in after it
     * (even while this runs) or the one it keeps.
     *
     * @param user    a user
     * @param signOut the sign-out, already recorded
     * @return how many sessions were ended
     */
    int endAll(String user, SignOut signOut);
}
