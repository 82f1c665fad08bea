package dev.flasksession.jaxrs;

import dev.flasksession.csrf.CsrfProtect;
import dev.flasksession.csrf.CsrfProtection;
import dev.flasksession.csrf.CsrfRequest;
import dev.flasksession.csrf.CurrentCsrf;
import dev.flasksession.json.PythonJson;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flask-WTF's {@code CSRFProtect} before each request: for the requests {@link CsrfProtection#checks} selects (by
 * {@code WTF_CSRF_ENABLED}, {@code WTF_CSRF_METHODS}, {@code WTF_CSRF_CHECK_DEFAULT}, {@code @CsrfProtected} and
 * {@code @CsrfExempt}), the token must validate, from the form field or a header, and over HTTPS the
 * {@code Referer} must be of the same origin. A failure throws
 * {@link dev.flasksession.csrf.CsrfValidationException}, which {@link CsrfValidationMapper} answers with a 400
 * carrying Flask-WTF's reason.
 *
 * <p>A form body is read only when a checked request carries one, and is handed on unchanged, so the resource's
 * {@code @FormParam}s and multipart readers still get all of it. A form past Flask's limits gets a 413; one that
 * does not parse has no fields, as in Werkzeug, so its token can only come in a header. Post-matching, so exemptions by resource are known, and below
 * {@code Priorities.AUTHENTICATION}, as Flask-WTF's check runs before a view's own.
 */
@Provider
@Priority(CsrfFilter.PRIORITY)
@ApplicationScoped
public class CsrfFilter implements ContainerRequestFilter {
    /** Before {@code Priorities.AUTHENTICATION} (1000), after the session filter's 100. */
    public static final int PRIORITY = 900;

    private static final PythonJson JSON = new PythonJson();

    @Inject
    CsrfProtection protection;

    @Inject
    CurrentCsrf csrf;

    @Inject
    KeptBodies kept;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!protection.checks(request.getMethod(), resource.getResourceMethod(), resource.getResourceClass())) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        String host = CsrfProtect.requestHost(scheme, request.getHeaderString(HttpHeaders.HOST), uri.getHost(),
                uri.getPort() < 0 ? null : uri.getPort());
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Map<String, String> form;
        if (request.hasEntity() && FormBody.isForm(contentType)) {
            String field = protection.settings().fieldName();
            try {
                FormBody body = FormBody.keep(request.getEntityStream(), contentType);
                kept.add(body);
                request.setEntityStream(body.replay());
                // Only the fields the check can read: the token's own, and those a prefixed form names after it.
                form = body.fields(contentType, name -> name.endsWith(field));
            } catch (FormBody.TooLargeException e) {
                request.abortWith(problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage()));
                return;
            } catch (UncheckedIOException e) {
                request.abortWith(problem(Response.Status.BAD_REQUEST, "The request body could not be read."));
                return;
            }
        } else {
            form = Map.of();
        }
        csrf.protect(CsrfRequest.of(request.getMethod(), form, request::getHeaderString,
                "https".equalsIgnoreCase(scheme), host));
    }

    private static Response problem(Response.Status status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status.getStatusCode());
        problem.put("title", status.getReasonPhrase());
        problem.put("detail", detail);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.write(problem)).build();
    }
}
