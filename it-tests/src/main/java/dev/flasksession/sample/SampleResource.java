package dev.flasksession.sample;

import dev.flasksession.cdi.PermanentSession;
import dev.flasksession.cdi.RegenerateSession;
import dev.flasksession.cdi.SessionRequired;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's JSON API plus a sign-in guarded by the interceptors, on whatever backend beans.xml selects. */
@Path("/api")
@RequestScoped
public class SampleResource {
    private static final TaggedJson JSON = new TaggedJson();

    @Inject
    FlaskSession session;

    @Inject
    SessionEventLog events;

    /** @return the session as tagged JSON */
    @GET
    @Path("/session")
    @Produces(MediaType.APPLICATION_JSON)
    public String read() {
        return JSON.dumps(new LinkedHashMap<>(session));
    }

    /**
     * @param key  the key
     * @param body tagged JSON
     * @return 204, or 400 for a malformed body
     */
    @PUT
    @Path("/session/{key}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("key") String key, String body) {
        try {
            session.put(key, JSON.loads(body == null ? "" : body));
            return Response.noContent().build();
        } catch (JsonDecodeException e) {
            return Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(JSON.dumps(Map.of("status", 400, "title", "Malformed JSON body"))).build();
        }
    }

    /**
     * @param key the key
     * @return 204
     */
    @DELETE
    @Path("/session/{key}")
    public Response remove(@PathParam("key") String key) {
        session.remove(key);
        return Response.noContent().build();
    }

    /** @return 204 after clearing */
    @DELETE
    @Path("/session")
    public Response clear() {
        session.clear();
        return Response.noContent().build();
    }

    /** @return 204 after marking modified */
    @POST
    @Path("/session/touch")
    public Response touch() {
        session.markModified();
        return Response.noContent().build();
    }

    /** @return 204 after asking for a new id */
    @POST
    @Path("/session/regenerate")
    public Response regenerate() {
        session.regenerate();
        return Response.noContent().build();
    }

    /**
     * Sets a key, then waits before the session is saved, so that another request can move or end the id meanwhile.
     *
     * @param key    the key
     * @param millis how long to wait
     * @param body   the value, as JSON
     * @return 204
     */
    @PUT
    @Path("/slow/{key}")
    public Response slowPut(@PathParam("key") String key, @QueryParam("ms") long millis, String body) {
        try {
            session.put(key, JSON.loads(body));
        } catch (JsonDecodeException e) {
            return Response.status(400).build();
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.noContent().build();
    }

    /** @return pong, never touching the session */
    @GET
    @Path("/ping")
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }

    /**
     * Signs in: the session becomes permanent and gets a new id, as after a real sign-in.
     *
     * @param user the user name
     * @return 204
     */
    @POST
    @Path("/login/{user}")
    @PermanentSession
    @RegenerateSession
    public Response login(@PathParam("user") String user) {
        session.put("user", user);
        return Response.noContent().build();
    }

    /** @return the signed-in user; a 401 when nobody is */
    @GET
    @Path("/me")
    @SessionRequired("user")
    @Produces(MediaType.TEXT_PLAIN)
    public String me() {
        return String.valueOf(session.get("user"));
    }

    /** @return how many session events each kind fired so far */
    @GET
    @Path("/events")
    @Produces(MediaType.APPLICATION_JSON)
    public String events() {
        return JSON.dumps(events.counts());
    }
}
