package dev.flasksession.jaxrs;

import dev.flasksession.session.SessionUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * A write to a session that cannot be saved (the null session, used when no {@code SECRET_KEY} is set) is a server
 * misconfiguration: the client gets a 500 with a small JSON problem body, the log gets the reason, and nothing is
 * written to the session.
 */
@Provider
@ApplicationScoped
public class SessionUnavailableMapper implements ExceptionMapper<SessionUnavailableException> {
    private static final Logger LOG = Logger.getLogger(SessionUnavailableMapper.class.getName());

    @Override
    public Response toResponse(SessionUnavailableException exception) {
        LOG.severe(() -> "flask-session: " + exception.getMessage());
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"status\":500,\"title\":\"Session unavailable\",\"detail\":\"The server cannot store "
                        + "sessions; see the server log.\"}")
                .build();
    }
}
