package dev.flasksession.demo;

import dev.flasksession.json.PythonJson;
import dev.flasksession.users.SessionInfo;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.users.UserSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's sessions: the "your devices" list and "sign out everywhere". The demo does not check who asks; an
 * application must let only the user (or an administrator) call these.
 */
@Path("/api/users/{user}/sessions")
@RequestScoped
public class UserSessionsResource {
    private static final PythonJson JSON = new PythonJson();

    @Inject
    UserSessions users;

    @Inject
    FlaskSession session;

    /**
     * @param user the user
     * @return 200 and a JSON list of the user's live sessions ({@code handle}, {@code created}, {@code last_seen} in
     *     seconds since the epoch); 409 when the backend or the settings cannot list them
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("user") String user) {
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (SessionInfo s : users.sessionsOf(user)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("handle", s.handle());
                row.put("created", s.created().getEpochSecond());
                row.put("last_seen", s.lastSeen().getEpochSecond());
                out.add(row);
            }
            return Response.ok(JSON.write(out)).build();
        } catch (IllegalStateException e) {
            return conflict(e);
        }
    }

    /**
     * @param user the user
     * @return 204 once every session of the user is ended; 409 when nothing is configured to record it
     */
    @DELETE
    public Response signOutEverywhere(@PathParam("user") String user) {
        try {
            users.signOutEverywhere(user);
            return Response.noContent().build();
        } catch (IllegalStateException e) {
            return conflict(e);
        }
    }

    /**
     * "Sign out all my other devices": every session of the user but this request's.
     *
     * @param user the user, who must be the one signed in on this request's session
     * @return 204 once the others are ended; 403 when this session is not the user's; 409 when nothing is
     *     configured to record it
     */
    @DELETE
    @Path("/others")
    public Response signOutEverywhereElse(@PathParam("user") String user) {
        try {
            users.signOutEverywhereElse(user, session);
            return Response.noContent().build();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity(JSON.write(Map.of("status", 403, "title", "Not signed in as that user",
                            "detail", e.getMessage())))
                    .build();
        } catch (IllegalStateException e) {
            return conflict(e);
        }
    }

    private static Response conflict(IllegalStateException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                .entity(JSON.write(Map.of("status", 409, "title", "Not available with these settings",
                        "detail", e.getMessage())))
                .build();
    }
}
