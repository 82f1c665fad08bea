/**
 * Flask's session model: the per-request {@link dev.flasksession.session.FlaskSession}, the
 * {@link dev.flasksession.session.SessionInterface} that opens and saves it with Flask's small overridable hooks,
 * and the shipped backends {@link dev.flasksession.session.SecureCookieSessionInterface} (the default, Flask's signed
 * cookie), {@link dev.flasksession.session.EncryptedCookieSessionInterface} (the same cookie rules, the payload
 * encrypted) and {@link dev.flasksession.session.NullSessionInterface} (no secret key: read-only and empty).
 * {@link dev.flasksession.session.ServerSideSessionInterface} holds what Flask-Session's stores (Redis, SQL) share:
 * the id in the cookie, its signing, and new, regenerated and expired sessions.
 *
 * <p>Nothing here knows JAX-RS: a backend reads cookies through a {@link dev.flasksession.session.SessionRequest}
 * and writes {@code Set-Cookie} and {@code Vary} through a {@link dev.flasksession.session.SessionResponse}.
 */
package dev.flasksession.session;
