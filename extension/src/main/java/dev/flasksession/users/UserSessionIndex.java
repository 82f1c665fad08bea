package dev.flasksession.users;

import java.util.List;
import java.util.Optional;

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
     * Ends the user's sessions.
     *
     * @param user       a user
     * @param keptHandle the {@linkplain dev.flasksession.session.ServerSideSession#handle() handle} of a session to
     *                   keep ("sign out everywhere else"), or empty to end them all
     * @return how many sessions were ended
     */
    int endAll(String user, Optional<String> keptHandle);
}
