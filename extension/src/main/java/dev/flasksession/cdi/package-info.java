/**
 * CDI wiring: the {@link dev.flasksession.config.SessionConfig} producer, the request-scoped
 * {@link dev.flasksession.session.FlaskSession} that {@code @Inject FlaskSession} gives, and the startup check that
 * reads the settings once, logs the active backend and warns when sessions are unavailable.
 */
package dev.flasksession.cdi;
