package dev.flasksession.demo;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import dev.flasksession.login.CurrentUser;
import dev.flasksession.login.LoginRequired;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flask-Login's sign-in, as JSON, for trying with curl: {@code POST /api/login} with {@code {"user_id": "42",
 * "remember": true}} signs in as {@code login_user} does, {@code POST /api/logout} signs out as {@code logout_user}
 * does, and {@code GET /api/me} says who is signed in (from the remember-me cookie when the session has no user).
 */
@Path("/api")
@RequestScoped
public class LoginResource {
    private static final PythonJson JSON = new PythonJson();

    @Inject
    CurrentUser currentUser;

    /**
     * @param body {@code {"user_id": "42", "remember": true}}; optional {@code "duration"} (seconds, the remember
     *             cookie's lifetime) and {@code "fresh"} (default true)
     * @return 204, or 400 when the body is not such an object
     */
    @POST
    @Path("/login")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response login(String body) {
        Map<?, ?> request;
        try {
            request = JSON.read(body == null ? "" : body) instanceof Map<?, ?> m ? m : null;
        } catch (JsonDecodeException e) {
            request = null;
        }
        Object userId = request == null ? null : request.get("user_id");
        Object remember = request == null ? null : (request.containsKey("remember") ? request.get("remember") : Boolean.FALSE);
        Object fresh = request == null ? null : (request.containsKey("fresh") ? request.get("fresh") : Boolean.TRUE);
        Object duration = request == null ? null : request.get("duration");
        if (!(userId instanceof String id) || id.isEmpty() || !(remember instanceof Boolean r)
                || !(fresh instanceof Boolean f) || (duration != null && !(duration instanceof Number n
                && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0 && n.doubleValue() <= 3_155_760_000.0))) {
            return problem(400, "Bad login request", "Send a JSON object: {\"user_id\": \"42\", \"remember\": true}, "
                    + "optionally \"duration\" (seconds, 0 to 100 years) and \"fresh\" (a boolean).");
        }
        Duration d = duration == null ? null
                : Duration.of(Math.round(((Number) duration).doubleValue() * 1e6), ChronoUnit.MICROS);
        try {
            currentUser.login(id, r, d, f);
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad login request", e.getMessage());
        }
        return Response.noContent().build();
    }

    /** @return 204; the session loses the login, and a remember-me cookie that came is deleted */
    @POST
    @Path("/logout")
    public Response logout() {
        currentUser.logout();
        return Response.noContent().build();
    }

    /** @return {@code {"user_id": "42", "fresh": true}}; a 401 when nobody is signed in */
    @GET
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    @LoginRequired
    public String me() {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user_id", currentUser.id().orElseThrow());
        me.put("fresh", currentUser.isFresh());
        return JSON.write(me);
    }

    private static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(JSON.write(body)).build();
    }
}
