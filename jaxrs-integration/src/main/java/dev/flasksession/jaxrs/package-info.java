/**
 * The JAX-RS side: {@link dev.flasksession.jaxrs.SessionFilter} opens the session before any application filter or
 * resource runs and saves it on every response, including those made by exception mappers and those with streamed
 * entities; {@link dev.flasksession.jaxrs.SessionUnavailableMapper} answers writes to an unavailable session.
 * {@link dev.flasksession.jaxrs.CsrfFilter} runs Flask-WTF's CSRF check on the requests that need it, reading their
 * form without using up the body, and {@link dev.flasksession.jaxrs.CsrfValidationMapper} answers a refusal.
 * Every session decision stays with the selected {@link dev.flasksession.session.SessionInterface}.
 *
 * <p>In a WAR the providers are discovered by scanning; where nothing scans, a Jakarta REST 3.1 runtime loads
 * {@link dev.flasksession.jaxrs.FlaskSessionFeature} through {@code ServiceLoader}, which registers them. On older
 * runtimes an application that lists its classes adds {@link dev.flasksession.jaxrs.FlaskSessionProviders#classes()}.
 */
package dev.flasksession.jaxrs;
