package dev.flasksession.cdi;

import java.util.Optional;

/**
 * A session that held data was emptied, and its cookie (and stored data) deleted. Fired once per request, after the session was saved; observe it with {@code @Observes}.
 *
 * @param sessionId the id on server-side backends; empty for cookie sessions, which have none
 */
public record SessionCleared(Optional<String> sessionId) {
}
