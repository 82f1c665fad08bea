package dev.flasksession.demo;

import dev.flasksession.csrf.CsrfProtect;
import dev.flasksession.csrf.CsrfProtected;
import dev.flasksession.csrf.CurrentCsrf;
import dev.flasksession.flash.CurrentFlashes;
import dev.flasksession.json.PythonJson;
import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Flask-WTF's CSRF tokens over HTTP: a token for scripts, a protected endpoint to try it on, and the form handler a
 * Flask page posts to. A token made by a Flask page sharing the session passes here, and one made here passes there.
 */
@Path("/api")
@RequestScoped
public class CsrfResource {
    private static final PythonJson JSON = new PythonJson();

    @Inject
    CurrentCsrf csrf;

    @Inject
    FlaskSession session;

    @Inject
    CurrentFlashes flashes;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    /** @return {@code {"csrf_token": "..."}}, for a script to send in the {@code X-CSRFToken} header */
    @GET
    @Path("/csrf-token")
    @Produces(MediaType.APPLICATION_JSON)
    public Response token() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(JSON.write(Map.of("csrf_token", csrf.token()))).cacheControl(noStore).build();
    }

    /** @return 204 once the token in the form field or a header passed; a 400 with the reason otherwise */
    @POST
    @Path("/protected")
    @CsrfProtected
    @Consumes(MediaType.WILDCARD)
    public Response protectedCall() {
        return Response.noContent().build();
    }

    /**
     * A form handler for a page of another app on this host (the Flask companion): flashes "Saved" and sends the
     * browser back to {@code next}.
     *
     * @param note the text saved in the session
     * @param next where to go afterwards: a URL on this request's host (any port), else this app's page
     * @return a 303 to it
     */
    @POST
    @Path("/notes")
    @CsrfProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveNote(@FormParam("note") String note, @FormParam("next") String next) {
        session.put("note", note == null ? "" : note);
        flashes.flash("Saved", "info");
        return Response.seeOther(sameHost(next)).build();
    }

    /** Only a URL on this host: anything else would make this an open redirect. */
    private URI sameHost(String next) {
        URI home = URI.create("/");
        if (next == null || next.isEmpty()) {
            return home;
        }
        try {
            URI target = new URI(next);
            String host = CsrfProtect.requestHost(uri.getRequestUri().getScheme(),
                    headers.getHeaderString(HttpHeaders.HOST), null, null);
            String hostOnly = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            boolean web = "http".equals(target.getScheme()) || "https".equals(target.getScheme());
            return web && target.getHost() != null && target.getHost().equalsIgnoreCase(hostOnly) ? target : home;
        } catch (URISyntaxException e) {
            return home;
        }
    }
}
