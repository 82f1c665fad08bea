package dev.flasksession.jaxrs;

import dev.flasksession.cdi.CurrentSession;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.HeadersResponse;
import dev.flasksession.session.RequestSnapshot;
import dev.flasksession.session.SessionCycle;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionStoreUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;

/**
 * Opens the Flask session when a request arrives and saves it when the response leaves, as Flask does around each
 * request. Every decision is the {@link SessionCycle}'s (the backend and its hooks); this filter only carries a
 * {@link RequestSnapshot} of the request (every header, the method, the target, the peer's address) and the
 * response's headers to it, and keeps the session in {@link CurrentSession}.
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

    @Inject
    SessionCycle cycle;

    @Inject
    CurrentSession currentSession;

    @Inject
    @Any
    Instance<Object> beans;

    private RemoteAddresses remoteAddresses;

    @PostConstruct
    void selectAddressSources() {
        remoteAddresses = new RemoteAddresses(beans);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // Copied now: the container's request is not to be relied on once the resource runs on another thread.
        SessionRequest snapshot = snapshot(request);
        boolean lazyOpen = cycle.backend().config().lazyOpen();
        if (lazyOpen || EventLoopThreads.current()) {
            // Opened on first use or, unless SESSION_LAZY_OPEN, at the latest by the response filter, on a thread
            // that may block.
            currentSession.openOnFirstUse(snapshot, () -> cycle.open(snapshot), !lazyOpen);
            return;
        }
        FlaskSession session;
        try {
            session = cycle.open(snapshot);
        } catch (SessionStoreUnavailableException e) {
            request.abortWith(unavailable(e).build());
            return;
        }
        currentSession.open(snapshot, session);
    }

    private RequestSnapshot snapshot(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        return RequestSnapshot.of(request.getMethod(), target, remoteAddresses.current(), request.getHeaders());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (currentSession.mustOpenBySave() && !EventLoopThreads.current()) {
            try {
                currentSession.flaskSession();
            } catch (SessionStoreUnavailableException e) {
                replaceWithUnavailable(response, e);
                return;
            }
        }
        currentSession.markSaved();
        Optional<FlaskSession> session = currentSession.opened();
        Optional<SessionRequest> opener = currentSession.request();
        if (session.isEmpty() || opener.isEmpty()) {
            return;
        }
        try {
            cycle.save(session.get(), opener.get(), new HeadersResponse(response.getHeaders()));
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
}
