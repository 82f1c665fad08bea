package dev.flasksession.cdi;

/**
 * A server-side session moved to a new id (as on sign-in), its data with it and its old key deleted. Fired once per
 * request, after the session was saved; cookie sessions have no id and never fire it.
 *
 * @param previousId the id before
 * @param sessionId  the id now
 */
public record SessionRegenerated(String previousId, String sessionId) {
}
