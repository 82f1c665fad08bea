/**
 * The JAX-RS side: {@link dev.flasksession.jaxrs.SessionFilter} opens the session before any application filter or
 * resource runs and saves it on every response, including those made by exception mappers and those with streamed
 * entities; {@link dev.flasksession.jaxrs.SessionUnavailableMapper} answers writes to an unavailable session.
 * Every session decision stays with the selected {@link dev.flasksession.session.SessionInterface}.
 *
 * <p>In a WAR the providers are discovered by scanning; an application that lists its classes (or runs on
 * {@code SeBootstrap}) adds {@link dev.flasksession.jaxrs.FlaskSessionProviders#classes()}.
 */
package dev.flasksession.jaxrs;
