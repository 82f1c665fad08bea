package dev.flasksession.users;

import java.time.Instant;

/**
 * One live session of a user, for a "your devices" page.
 *
 * @param handle   a stable name for the session that is not its id: knowing it does not let anyone use the session
 * @param created  when the session began
 * @param lastSeen when it was last used, to the minute
 */
public record SessionInfo(String handle, Instant created, Instant lastSeen) {
}
