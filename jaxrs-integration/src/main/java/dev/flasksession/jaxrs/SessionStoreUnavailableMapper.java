package dev.flasksession.jaxrs;

import dev.flasksession.session.SessionStoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The session store failed while the application ran: at a lazily opened session's first use
 * ({@code SESSION_LAZY_OPEN}), or in a call such as sign-out everywhere. The same 503 with {@code Retry-After} as when
 * the request filter cannot open the session; the store's outage is logged by the store's backend.
 */
@Provider
@ApplicationScoped
public class SessionStoreUnavailableMapper implements ExceptionMapper<SessionStoreUnavailableException> {
    @Override
    public Response toResponse(SessionStoreUnavailableException exception) {
        return SessionFilter.unavailable(exception).build();
    }
}
