package dev.flasksession.cdi;

import java.util.Optional;

/**
 * A session's changed data was saved (also on the first save). Not fired for requests that only read. Fired once per request, after the session was saved; observe it with {@code @Observes}.
 *
 * @param sessionId the id on server-side backends; empty for cookie sessions, which have none
 */
public record SessionSaved(Optional<String> sessionId) {
}
