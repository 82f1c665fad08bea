package dev.flasksession.cdi;

import java.util.Optional;

/**
 * A session that held no data was saved with data for the first time. Fired once per request, after the session was saved; observe it with {@code @Observes}.
 *
 * @param sessionId the id on server-side backends; empty for cookie sessions, which have none
 */
public record SessionCreated(Optional<String> sessionId) {
}
