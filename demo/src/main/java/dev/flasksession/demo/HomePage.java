package dev.flasksession.demo;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * A small HTML page over the session: a visit counter and a sign-in/sign-out form. Signing in stores the name under
 * {@code SESSION_USER_KEY} ({@code _user_id}, as Flask-Login does), so a Flask app sharing the session sees the user.
 */
@Path("/")
@RequestScoped
public class HomePage {
    @Inject
    FlaskSession session;

    @Inject
    SessionConfig config;

    /** @return the page; each visit counts one more in the session */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        int visits = session.get("visits") instanceof Number n ? n.intValue() + 1 : 1;
        session.put("visits", visits);
        Object user = session.get(config.userKey());
        String body = user == null
                ? "<p id=\"status\">You are not signed in.</p>\n"
                + "<form method=\"post\" action=\"login\"><label>Name <input id=\"username\" name=\"username\" required></label>\n"
                + "<button id=\"sign-in\" type=\"submit\">Sign in</button></form>\n"
                : "<p id=\"status\">Signed in as <strong id=\"user\">" + escape(String.valueOf(user)) + "</strong>.</p>\n"
                + "<form method=\"post\" action=\"logout\"><button id=\"sign-out\" type=\"submit\">Sign out</button></form>\n";
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>flask-session-cdi demo</title>\n"
                + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}</style></head><body>\n"
                + "<h1>flask-session-cdi demo</h1>\n"
                + "<p>Visits in this session: <span id=\"visits\">" + visits + "</span></p>\n"
                + body
                + "<p><a href=\"api/session\">Session as JSON</a></p>\n</body></html>\n";
    }

    /**
     * @param username the name to sign in as
     * @return a redirect to the page
     */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username) {
        if (username != null && !username.isBlank()) {
            session.put(config.userKey(), username.trim());
            session.regenerate();
        }
        return Response.seeOther(URI.create("/")).build();
    }

    /**
     * Signs out: the session is emptied, which deletes the cookie. The answer is a page of its own rather than a
     * redirect home, since the home page would start a new session at once by counting the visit.
     *
     * @return a small page saying so
     */
    @POST
    @Path("logout")
    @Produces(MediaType.TEXT_HTML)
    public String logout() {
        session.clear();
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out</title></head><body>\n"
                + "<p id=\"status\">You are signed out.</p>\n<p><a id=\"home\" href=\"/\">Back</a></p>\n</body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
