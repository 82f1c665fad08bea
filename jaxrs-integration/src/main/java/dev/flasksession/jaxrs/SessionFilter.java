package dev.flasksession.jaxrs;

import dev.flasksession.cdi.CurrentSession;
import dev.flasksession.cdi.SessionEvents;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.session.SetCookie;
import dev.flasksession.users.SignOutCheck;
import dev.flasksession.users.UserSessions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Opens the Flask session when a request arrives and saves it when the response leaves, as Flask does around each
 * request.
 *
 * <p>It is a pre-matching filter with a low priority value, so the session is open before the application's own
 * filters (pre-matching ones included) and resources run; as a response filter the same priority makes it run
 * last, after the application's response filters had their chance to change the session. Responses made by
 * exception mappers and aborted requests pass through it too. Entities are streamed after response filters run, so
 * the cookie is decided before the body is written.
 *
 * <p>When the session store is unavailable, the request gets a 503 with {@code Retry-After}: before the resource
 * runs if the session cannot be opened, and in place of the resource's response if it cannot be saved.
 *
 * <p>On a Vert.x event loop (Quarkus REST runs pre-matching filters there), the request filter reads no store: the
 * session opens on first use, as with {@code SESSION_LAZY_OPEN}, or else in the response filter, which runs on the
 * resource's worker thread, so every response still carries what eager opening gives. A response produced on the
 * event loop by a request that never used the session leaves the session as it was.
 */
@Provider
@PreMatching
@Priority(SessionFilter.PRIORITY)
@ApplicationScoped
public class SessionFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Below {@code Priorities.AUTHENTICATION} (1000), so authentication filters can already use the session. */
    public static final int PRIORITY = 100;

    /** The request property that carries the session from the request filter to the response filter. */
    public static final String SESSION_PROPERTY = FlaskSession.class.getName();

    /** Marks a request whose eager opening was deferred because its request filter ran on an event loop. */
    static final String DEFERRED_PROPERTY = SESSION_PROPERTY + ".deferred";

    @Inject
    SessionInterface sessionInterface;

    @Inject
    CurrentSession currentSession;

    @Inject
    SessionEvents events;

    @Inject
    UserSessions userSessions;

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> cookieHeaders = List.copyOf(request.getHeaders().getOrDefault(HttpHeaders.COOKIE, List.of()));
        boolean lazyOpen = sessionInterface.config().lazyOpen();
        if (lazyOpen || EventLoopThreads.current()) {
            if (!lazyOpen) {
                // Opened on first use or, at the latest, by the response filter, on a thread that may block.
                request.setProperty(DEFERRED_PROPERTY, Boolean.TRUE);
            }
            // Read now: the request's headers are not to be relied on once the resource runs on another thread.
            Map<String, String> idHeader = new HashMap<>();
            sessionInterface.config().headerName().ifPresent(name -> {
                String value = request.getHeaderString(name);
                if (value != null) {
                    idHeader.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
            SessionRequest lazy = SessionRequest.of(cookieHeaders, name -> idHeader.get(name.toLowerCase(Locale.ROOT)));
            currentSession.openOnFirstUse(() -> {
                FlaskSession session = open(lazy);
                request.setProperty(SESSION_PROPERTY, session);
                return session;
            });
            return;
        }
        FlaskSession session;
        try {
            session = open(SessionRequest.of(cookieHeaders, request::getHeaderString));
        } catch (SessionStoreUnavailableException e) {
            request.abortWith(unavailable(e).build());
            return;
        }
        request.setProperty(SESSION_PROPERTY, session);
        currentSession.open(session);
    }

    private FlaskSession open(SessionRequest sessionRequest) {
        FlaskSession session = sessionInterface.openSession(sessionRequest);
        if (session == null) {
            return sessionInterface.makeNullSession();
        }
        if (sessionInterface.config().trackUsers()) {
            SignOutCheck.endIfSignedOut(sessionInterface, session, userSessions.store().orElse(null));
        }
        return session;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DEFERRED_PROPERTY) != null && request.getProperty(SESSION_PROPERTY) == null
                && !EventLoopThreads.current()) {
            try {
                currentSession.flaskSession();
            } catch (SessionStoreUnavailableException e) {
                replaceWithUnavailable(response, e);
                return;
            }
        }
        currentSession.markSaved();
        if (!(request.getProperty(SESSION_PROPERTY) instanceof FlaskSession session)
                || sessionInterface.isNullSession(session)) {
            return;
        }
        try {
            if (sessionInterface.config().trackUsers()) {
                SignOutCheck.endIfSignedOutBeforeSave(sessionInterface, session, userSessions.store().orElse(null));
            }
            sessionInterface.saveSession(session, new HeadersResponse(response.getHeaders()));
            session.markSaved();
            events.afterSave(session);
        } catch (SessionStoreUnavailableException e) {
            // A 2xx that silently lost the change would be worse than a 503.
            replaceWithUnavailable(response, e);
        }
    }

    private static void replaceWithUnavailable(ContainerResponseContext response, SessionStoreUnavailableException e) {
        Response failed = unavailable(e).build();
        response.getHeaders().clear();
        response.getHeaders().putAll(failed.getHeaders());
        response.setStatusInfo(failed.getStatusInfo());
        response.setEntity(failed.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
    }

    static Response.ResponseBuilder unavailable(SessionStoreUnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"status\":503,\"title\":\"Session store unavailable\",\"detail\":\"Sessions cannot be "
                        + "read or saved right now; retry later.\"}");
    }

    /** Writes cookies verbatim (JAX-RS's NewCookie would add a Version attribute Flask never sends). */
    private record HeadersResponse(MultivaluedMap<String, Object> headers) implements SessionResponse {
        @Override
        public void setCookie(SetCookie cookie) {
            headers.add(HttpHeaders.SET_COOKIE, cookie.toHeaderValue());
        }

        @Override
        public void setHeader(String name, String value) {
            headers.putSingle(name, value);
        }

        @Override
        public void addVary(String header) {
            List<Object> existing = headers.get(HttpHeaders.VARY);
            StringBuilder merged = new StringBuilder();
            if (existing != null) {
                for (Object value : existing) {
                    for (String token : String.valueOf(value).split(",")) {
                        String t = token.trim();
                        if (t.equals("*") || t.toLowerCase(Locale.ROOT).equals(header.toLowerCase(Locale.ROOT))) {
                            return;
                        }
                        if (!t.isEmpty()) {
                            merged.append(merged.length() == 0 ? "" : ", ").append(t);
                        }
                    }
                }
            }
            merged.append(merged.length() == 0 ? "" : ", ").append(header);
            headers.putSingle(HttpHeaders.VARY, merged.toString());
        }
    }
}
