package dev.flasksession.jaxrs;

import dev.flasksession.csrf.CsrfValidationException;
import dev.flasksession.json.PythonJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A request failed the CSRF check: Flask-WTF's {@code CSRFError}, a 400 whose JSON problem body carries its reason
 * word for word ({@code {"status": 400, "title": "Bad Request", "detail": "The CSRF token is missing."}}). Like
 * Flask-WTF it logs the reason at info level, and never the token. An application maps
 * {@link CsrfValidationException} itself to answer otherwise, as a Flask app registers an error handler.
 */
@Provider
@ApplicationScoped
public class CsrfValidationMapper implements ExceptionMapper<CsrfValidationException> {
    private static final Logger LOG = Logger.getLogger("dev.flasksession.csrf");
    private static final PythonJson JSON = new PythonJson();

    @Override
    public Response toResponse(CsrfValidationException exception) {
        LOG.info(exception.reason().message());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 400);
        problem.put("title", "Bad Request");
        problem.put("detail", exception.reason().message());
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.write(problem)).build();
    }
}
