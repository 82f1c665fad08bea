package dev.flasksession.demo;

import dev.flasksession.flash.FlashedMessage;
import dev.flasksession.flash.CurrentFlashes;
import dev.flasksession.flash.Flashes;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flask's {@code flash()} and {@code get_flashed_messages()} as JSON, for trying with curl: a message left here is
 * shown by the next Flask page that shows messages, and the other way round, exactly once.
 */
@Path("/api")
@RequestScoped
public class FlashResource {
    private static final PythonJson JSON = new PythonJson();

    @Inject
    CurrentFlashes flashes;

    /**
     * @param body {@code {"message": "Saved", "category": "info"}}; the category defaults to {@code message}
     * @return 204, or 400 when the body is not such an object
     */
    @POST
    @Path("/flash")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response flash(String body) {
        Object parsed;
        try {
            parsed = JSON.read(body == null ? "" : body);
        } catch (JsonDecodeException e) {
            parsed = null;
        }
        Object message = parsed instanceof Map<?, ?> m ? m.get("message") : null;
        Object category = parsed instanceof Map<?, ?> m && m.containsKey("category") ? m.get("category")
                : Flashes.DEFAULT_CATEGORY;
        if (!(message instanceof String text) || !(category instanceof String c)) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("status", 400);
            problem.put("title", "Bad flash request");
            problem.put("detail", "Send a JSON object: {\"message\": \"Saved\", \"category\": \"info\"}.");
            return Response.status(400).type(MediaType.APPLICATION_JSON).entity(JSON.write(problem)).build();
        }
        flashes.flash(text, c);
        return Response.noContent().build();
    }

    /**
     * @param categories {@code category_filter}: only these categories (repeat the parameter); all when absent
     * @return {@code get_flashed_messages(with_categories=True)} as {@code [[category, message], ...]}; every message
     *     is removed, the filtered-out ones too, as in Flask
     */
    @GET
    @Path("/flashes")
    @Produces(MediaType.APPLICATION_JSON)
    public String flashes(@QueryParam("category") List<String> categories) {
        List<List<String>> out = new ArrayList<>();
        for (FlashedMessage m : flashes.consume(categories)) {
            out.add(List.of(String.valueOf(m.category()), m.message().toString()));
        }
        return JSON.write(out);
    }
}
