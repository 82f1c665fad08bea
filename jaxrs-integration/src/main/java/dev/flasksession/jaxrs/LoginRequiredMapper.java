package dev.flasksession.jaxrs;

import dev.flasksession.json.PythonJson;
import dev.flasksession.login.LoginRequiredException;
import dev.flasksession.login.LoginUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code @LoginRequired} or {@code @FreshLoginRequired} refused the call: as Flask-Login's {@code unauthorized()}, a
 * 302 to {@code LOGIN_VIEW} with {@code next} when that is set, else a 401 with a small JSON problem body.
 */
@Provider
@ApplicationScoped
public class LoginRequiredMapper implements ExceptionMapper<LoginRequiredException> {
    private static final PythonJson JSON = new PythonJson();

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(LoginRequiredException exception) {
        if (exception.loginView().isPresent()) {
            // The raw header: JAX-RS would make a relative location absolute, and Flask sends it as it is.
            return Response.status(Response.Status.FOUND)
                    .header(HttpHeaders.LOCATION, LoginUrls.loginUrl(exception.loginView().get(), requestUrl()))
                    .build();
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 401);
        problem.put("title", exception.needsRefresh() ? "Fresh login required" : "Login required");
        problem.put("detail", exception.getMessage());
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.write(problem)).build();
    }

    /** Flask's {@code request.url}. */
    private String requestUrl() {
        URI request = uri.getRequestUri();
        return LoginUrls.requestUrl(request.getScheme(), request.getRawAuthority(), request.getPath(),
                request.getRawQuery());
    }
}
