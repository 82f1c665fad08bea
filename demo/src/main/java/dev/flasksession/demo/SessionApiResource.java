package dev.flasksession.demo;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's JSON API over the session. Values travel as Flask's tagged JSON, so that tuples, bytes, markup, UUIDs
 * and datetimes keep their types between this service and a Flask app: {@code {" t": [1, 2]}} is a tuple.
 */
@Path("/api")
@RequestScoped
public class SessionApiResource {
    private static final TaggedJson JSON = new TaggedJson();

    @Inject
    FlaskSession session;

    /** @return the session's contents as a tagged JSON object; the session counts as accessed */
    @GET
    @Path("/session")
    @Produces(MediaType.APPLICATION_JSON)
    public String read() {
        return JSON.dumps(new LinkedHashMap<>(session));
    }

    /**
     * @param key  the key to set
     * @param body its value, as tagged JSON
     * @return 204, or 400 when the body is not valid JSON (the session is left as it was)
     */
    @PUT
    @Path("/session/{key}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response put(@PathParam("key") String key, String body) {
        Object value;
        try {
            value = JSON.loads(body == null ? "" : body);
        } catch (JsonDecodeException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(JSON.dumps(Map.of("status", 400, "title", "Malformed JSON body",
                            "detail", e.getMessage())))
                    .build();
        }
        session.put(key, value);
        return Response.noContent().build();
    }

    /**
     * @param key the key to remove; an absent key is fine
     * @return 204
     */
    @DELETE
    @Path("/session/{key}")
    public Response remove(@PathParam("key") String key) {
        session.remove(key);
        return Response.noContent().build();
    }

    /** @return 204, after emptying the session (the cookie is then deleted) */
    @DELETE
    @Path("/session")
    public Response clear() {
        session.clear();
        return Response.noContent().build();
    }

    /** @return 204, after marking the session modified without changing it */
    @POST
    @Path("/session/touch")
    public Response touch() {
        session.markModified();
        return Response.noContent().build();
    }

    /** @return 204; a new session id on server-side backends, nothing for cookie sessions */
    @POST
    @Path("/session/regenerate")
    public Response regenerate() {
        session.regenerate();
        return Response.noContent().build();
    }

    /** @return 200 {@code pong}, without touching the session: a baseline for benchmarks */
    @GET
    @Path("/ping")
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
