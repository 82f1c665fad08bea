package dev.flasksession.jaxrs;

import dev.flasksession.json.PythonJson;
import dev.flasksession.session.SessionRequiredException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code @SessionRequired} refused the call: a 401 with a small JSON problem body naming the missing keys. */
@Provider
@ApplicationScoped
public class SessionRequiredMapper implements ExceptionMapper<SessionRequiredException> {
    private static final PythonJson JSON = new PythonJson();

    @Override
    public Response toResponse(SessionRequiredException exception) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 401);
        problem.put("title", "Session required");
        problem.put("detail", exception.getMessage());
        problem.put("missing", exception.missingKeys());
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.write(problem)).build();
    }
}
