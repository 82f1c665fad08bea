package dev.flasksession.cdi;

import java.util.Optional;

/**
 * The request carried a session that had timed out ({@code SESSION_IDLE_TIMEOUT} or {@code SESSION_ABSOLUTE_TIMEOUT}):
 * it opened empty, and its cookie (and stored value) were removed. Fired once per such request, after the save;
 * observe it with {@code @Observes}, to log or audit the end of a session.
 *
 * @param sessionId the id on server-side backends; empty for cookie sessions, which have none
 */
public record SessionExpired(Optional<String> sessionId) {
}
