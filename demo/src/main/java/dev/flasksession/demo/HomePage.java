package dev.flasksession.demo;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.csrf.CsrfProtected;
import dev.flasksession.csrf.CurrentCsrf;
import dev.flasksession.flash.FlashedMessage;
import dev.flasksession.flash.CurrentFlashes;
import dev.flasksession.json.Markup;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.login.CurrentUser;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.signing.BadDataException;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * A small HTML page over the session: a visit counter, the flashed messages, and a sign-in/sign-out form with
 * "remember me". Signing in is Flask-Login's {@code login_user} ({@link CurrentUser}), so a Flask app with Flask-Login
 * sharing the session, or only the remember-me cookie, sees the same user. The forms carry Flask-WTF's CSRF token,
 * and their handlers check it ({@link CsrfProtected}).
 */
@Path("/")
@RequestScoped
public class HomePage {
    private static final TaggedJson JSON = new TaggedJson();

    @Inject
    FlaskSession session;

    @Inject
    CurrentFlashes flashes;

    @Inject
    SessionConfig config;

    @Inject
    CurrentUser currentUser;

    @Inject
    SessionInterface backend;

    @Inject
    CurrentCsrf csrf;

    @Context
    HttpHeaders headers;

    /** @return the page; each visit counts one more in the session */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        int visits = session.get("visits") instanceof Number n ? n.intValue() + 1 : 1;
        session.put("visits", visits);
        Object user = currentUser.id().orElse(null);
        String token = csrf.hiddenInput();
        String body = user == null
                ? "<p id=\"status\">You are not signed in.</p>\n"
                + "<form method=\"post\" action=\"login\">" + token + "<label>Name <input id=\"username\" name=\"username\" required></label>\n"
                + "<label><input type=\"checkbox\" id=\"remember\" name=\"remember\" value=\"1\"> Remember me</label>\n"
                + "<button id=\"sign-in\" type=\"submit\">Sign in</button></form>\n"
                : "<p id=\"status\">Signed in as <strong id=\"user\">" + escape(String.valueOf(user)) + "</strong>.</p>\n"
                + "<form method=\"post\" action=\"logout\">" + token + "<button id=\"sign-out\" type=\"submit\">Sign out</button></form>\n";
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>flask-session-cdi demo</title>\n"
                + csrf.metaTag() + "\n"
                + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}</style></head><body>\n"
                + "<h1>flask-session-cdi demo</h1>\n"
                + flashes()
                + "<p>Visits in this session: <span id=\"visits\">" + visits + "</span></p>\n"
                + body
                + "<p><a href=\"api/session\">Session as JSON</a></p>\n"
                + runsOn()
                + "</body></html>\n";
    }

    /**
     * @param username the name to sign in as
     * @param remember   set when "remember me" was ticked
     * @return a redirect to the page
     */
    @POST
    @Path("login")
    @CsrfProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("username") String username, @FormParam("remember") String remember) {
        if (username != null && !username.isBlank()) {
            currentUser.login(username.trim(), remember != null && !remember.isEmpty());
            session.regenerate();
        }
        return Response.seeOther(URI.create("/")).build();
    }

    /**
     * Signs out: the session is emptied, which deletes the cookie, and {@code logout_user} deletes the remember-me
     * cookie (it restores nothing first: the session is empty then). The answer is a page of its own rather than a
     * redirect home, since the home page would start a new session at once by counting the visit.
     *
     * @return a small page saying so
     */
    @POST
    @Path("logout")
    @CsrfProtected
    @Produces(MediaType.TEXT_HTML)
    public String logout() {
        session.clear();
        currentUser.logout();
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out</title></head><body>\n"
                + "<p id=\"status\">You are signed out.</p>\n<p><a id=\"home\" href=\"/\">Back</a></p>\n</body></html>\n";
    }

    /** Flask's {@code get_flashed_messages(with_categories=True)}, each with its category as its class. */
    private String flashes() {
        StringBuilder out = new StringBuilder();
        for (FlashedMessage m : flashes.consume()) {
            out.append("<li class=\"").append(escape(String.valueOf(m.category()))).append("\">")
                    // Markup is HTML already, as a Jinja template leaves it.
                    .append(m.message() instanceof Markup html ? html.html() : escape(m.message().toString()))
                    .append("</li>");
        }
        return out.length() == 0 ? "" : "<ul id=\"flashes\">" + out + "</ul>\n";
    }

    /**
     * What the page runs on, for someone comparing it with a Flask app: the backend and its settings (secrets
     * masked), the session as Flask would read it, and for cookie sessions the cookie as it came, decoded.
     */
    private String runsOn() {
        StringBuilder out = new StringBuilder("<h2>What this runs on</h2>\n<dl>\n");
        out.append("<dt>Backend</dt><dd id=\"backend\">").append(escape(backend.getClass().getSimpleName())).append("</dd>\n");
        String settings = backend.settingsSummary();
        out.append("<dt>Settings</dt><dd id=\"settings\"><code>").append(escape(settings)).append("</code></dd>\n");
        out.append("<dt>The session, as Flask reads it</dt><dd><code id=\"as-flask\">")
                .append(escape(JSON.dumps(new LinkedHashMap<>(session)))).append("</code></dd>\n");
        Cookie cookie = headers.getCookies().get(config.cookieName());
        if (cookie != null && backend.getClass() == SecureCookieSessionInterface.class) {
            out.append("<dt>The cookie this request sent</dt><dd><code id=\"raw-cookie\">").append(escape(cookie.getValue()))
                    .append("</code></dd>\n<dt>Its payload, decoded (anyone can do this: it is signed, not encrypted)</dt>"
                            + "<dd><code id=\"decoded-cookie\">").append(escape(decodedPayload(cookie.getValue())))
                    .append("</code></dd>\n");
        }
        return out.append("</dl>\n").toString();
    }

    private static String decodedPayload(String value) {
        boolean compressed = value.startsWith(".");
        String body = compressed ? value.substring(1) : value;
        int dot = body.indexOf('.');
        try {
            byte[] payload = UrlSafeTimedSerializer.decodePayload((compressed ? "." : "") + (dot < 0 ? body : body.substring(0, dot)));
            return new String(payload, StandardCharsets.UTF_8);
        } catch (BadDataException e) {
            return "(not a cookie this backend wrote: " + e.getMessage() + ")";
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
