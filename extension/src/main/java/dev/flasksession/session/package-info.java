/**
 * Flask's session model: the per-request {@link dev.flasksession.session.FlaskSession}, the
 * {@link dev.flasksession.session.SessionInterface} that opens and saves it with Flask's small overridable hooks,
 * and the shipped backends {@link dev.flasksession.session.SecureCookieSessionInterface} (the default, Flask's signed
 * cookie), {@link dev.flasksession.session.EncryptedCookieSessionInterface} (the same cookie rules, the payload
 * encrypted) and {@link dev.flasksession.session.NullSessionInterface} (no secret key: read-only and empty).
 * What Flask-Session's stores (Redis, SQL) share is built on this package, in {@code dev.flasksession.store}.
 *
 * <p>Nothing here knows JAX-RS: a backend reads cookies through a {@link dev.flasksession.session.SessionRequest}
 * and writes {@code Set-Cookie} and {@code Vary} through a {@link dev.flasksession.session.SessionResponse}.
 */
package dev.flasksession.session;
