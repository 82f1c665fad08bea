/**
 * CDI wiring: the {@link dev.flasksession.config.SessionConfig} producer, the request-scoped
 * {@link dev.flasksession.session.FlaskSession} that {@code @Inject FlaskSession} gives, the portable extension that
 * applies the application's {@code beans.xml} choice of backend and checks the setup at deployment, its CDI Lite
 * counterpart for Quarkus ({@link dev.flasksession.cdi.FlaskSessionBuildExtension}, the backend named by
 * {@link dev.flasksession.cdi.SessionType}'s {@code SESSION_TYPE}), the interceptor
 * bindings {@link dev.flasksession.cdi.SessionRequired}, {@link dev.flasksession.cdi.PermanentSession} and
 * {@link dev.flasksession.cdi.RegenerateSession}, and the session events.
 */
package dev.flasksession.cdi;
