/**
 * Flask's session model: the per-request {@link dev.flasksession.session.FlaskSession}, the
 * {@link dev.flasksession.session.SessionInterface} that opens and saves it with Flask's small overridable hooks,
 * and the shipped backends {@link dev.flasksession.session.SecureCookieSessionInterface} (the default, Flask's signed
 * cookie), {@link dev.flasksession.session.EncryptedCookieSessionInterface} (the same cookie rules, the payload
 * encrypted) and {@link dev.flasksession.session.NullSessionInterface} (no secret key: read-only and empty).
 * What Flask-Session's stores (Redis, SQL) share is built on this package, in {@code dev.flasksession.store}.
 *
 * <p>The request cycle is {@link dev.flasksession.session.SessionCycle}'s: it opens the session, runs the
 * {@link dev.flasksession.session.SessionHook}s (Flask's {@code before_request} and {@code after_request}, for
 * sessions), and saves it. The timeouts are the first hook ({@link dev.flasksession.session.SessionTimeouts}); the
 * sign-out check, Flask-Login, CSRF and flashed messages plug in the same way from the packages above this one.
 *
 * <p>Nothing here knows JAX-RS: backends and hooks read the request through a
 * {@link dev.flasksession.session.SessionRequest} (a {@link dev.flasksession.session.RequestSnapshot}: every header,
 * the cookies, the method, the target, the peer's address) and write any cookie or header through a
 * {@link dev.flasksession.session.SessionResponse}.
 */
package dev.flasksession.session;
