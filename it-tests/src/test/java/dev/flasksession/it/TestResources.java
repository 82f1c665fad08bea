package dev.flasksession.it;

import dev.flasksession.cdi.SessionRequired;
import dev.flasksession.session.FlaskSession;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Resources and providers that exercise the filter's ordering: streams, exception mappers, application filters. */
@Path("/test")
@RequestScoped
public class TestResources {
    @Inject
    FlaskSession session;

    @Inject
    CartService cart;

    @Inject
    LoginEvents loginEvents;

    @Inject
    dev.flasksession.csrf.CsrfProtection csrfProtection;

    @Inject
    dev.flasksession.csrf.CurrentCsrf currentCsrf;

    /** @return the login events seen so far, one per line */
    @GET
    @Path("/login/events")
    public String loginEvents() {
        return String.join("\n", loginEvents.seen());
    }

    /** @return 200 for a fresh login only ({@code @FreshLoginRequired}) */
    @GET
    @Path("/login/fresh")
    @dev.flasksession.login.FreshLoginRequired
    public String freshOnly() {
        return "fresh";
    }

    /** @return 200; OPTIONS passes {@code @LoginRequired} unasked, as in Flask-Login */
    @OPTIONS
    @Path("/login/fresh")
    @dev.flasksession.login.LoginRequired
    public String options() {
        return "options";
    }

    /**
     * @param sku an item
     * @return the count after adding it, through a service bean that injects the session itself
     */
    @POST
    @Path("/cart/{sku}")
    public String addToCart(@PathParam("sku") String sku) {
        return Integer.toString(cart.add(sku));
    }

    /** @return a streamed body, after changing the session */
    @GET
    @Path("/stream")
    public Response stream() {
        session.put("streamed", true);
        StreamingOutput body = out -> {
            for (int i = 0; i < 100; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
        return Response.ok(body, "text/plain").build();
    }

    /** Changes the session, then fails with an exception that a mapper turns into a 418. */
    @GET
    @Path("/fail")
    public String fail() {
        session.put("failed", true);
        throw new TeapotException();
    }

    /** @return a response with its own Vary header, after reading the session */
    @GET
    @Path("/vary")
    public Response vary() {
        return Response.ok(String.valueOf(session.get("user"))).header("Vary", "Accept-Encoding").build();
    }

    /** @return 200 for a visitor with any session data; 401 (by the interceptor) for one without */
    @GET
    @Path("/members")
    @SessionRequired
    public String members() {
        return "welcome";
    }

    /**
     * @param key    the key to set
     * @param millis how long to wait after setting it, before the session is saved
     * @param body   the value, as JSON
     * @return 204 once the wait is over; the session is saved after
     */
    @PUT
    @Path("/slow/{key}")
    public Response slowPut(@PathParam("key") String key, @QueryParam("ms") long millis, String body) {
        session.put(key, body);
        pause(millis);
        return Response.noContent().build();
    }

    /**
     * Appends to a list inside the session without marking the session modified: the trap Flask's
     * {@code session.modified = True} exists for.
     *
     * @param key  the list's key
     * @param item what to append
     * @return the list's size
     */
    @POST
    @Path("/nested/{key}/{item}")
    @SuppressWarnings("unchecked")
    public String appendNested(@PathParam("key") String key, @PathParam("item") String item) {
        Object list = session.get(key);
        if (list == null) {
            session.put(key, new ArrayList<>(List.of(item)));
            return "1";
        }
        ((List<Object>) list).add(item);
        return Integer.toString(((List<Object>) list).size());
    }

    /**
     * {@link #appendNested}, then a wait before the session is saved, so that another request can save meanwhile.
     *
     * @param key    the list's key
     * @param item   what to append
     * @param millis how long to wait
     * @return the list's size
     */
    @POST
    @Path("/slow-nested/{key}/{item}")
    public String slowAppendNested(@PathParam("key") String key, @PathParam("item") String item,
                                   @QueryParam("ms") long millis) {
        String size = appendNested(key, item);
        pause(millis);
        return size;
    }

    /**
     * Marks the session modified without changing it, then waits before the session is saved.
     *
     * @param millis how long to wait
     * @return 204
     */
    @POST
    @Path("/slow-touch")
    public Response slowTouch(@QueryParam("ms") long millis) {
        session.markModified();
        pause(millis);
        return Response.noContent().build();
    }

    /**
     * Sets a key and asks for a new id, as a sign-in does, then waits before the session is saved (and moved).
     *
     * @param key    the key to set
     * @param millis how long to wait
     * @param body   the value, as JSON
     * @return 204
     */
    @PUT
    @Path("/slow-regenerate/{key}")
    public Response slowRegenerate(@PathParam("key") String key, @QueryParam("ms") long millis, String body) {
        session.put(key, body);
        session.regenerate();
        pause(millis);
        return Response.noContent().build();
    }

    /**
     * Clears the session, as a sign-out does, then waits before the session is saved.
     *
     * @param millis how long to wait
     * @return 204
     */
    @POST
    @Path("/slow-clear")
    public Response slowClear(@QueryParam("ms") long millis) {
        session.clear();
        pause(millis);
        return Response.noContent().build();
    }

    /**
     * Sets a key and, in the same request, appends in place to a list without marking the session modified; then
     * waits before the session is saved, so that another request can save meanwhile.
     *
     * @param key    the list's key
     * @param item   what to append
     * @param millis how long to wait
     * @return the list's size
     */
    @POST
    @Path("/put-and-nested/{key}/{item}")
    public String putAndAppendNested(@PathParam("key") String key, @PathParam("item") String item,
                                     @QueryParam("ms") long millis) {
        session.put("put_too", true);
        String size = appendNested(key, item);
        pause(millis);
        return size;
    }

    /** @return a streamed body whose writing is the request's first use of the session, a read, after it was saved */
    @GET
    @Path("/stream-first-read")
    public Response streamFirstRead() {
        StreamingOutput body = out -> out.write(("a=" + session.get("a")).getBytes(StandardCharsets.US_ASCII));
        return Response.ok(body, "text/plain").build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return a streamed body whose writing is the request's first use of the session, after it was saved */
    @GET
    @Path("/stream-first-use")
    public Response streamFirstUse() {
        StreamingOutput body = out -> {
            session.put("late", true);
            out.write("late write accepted\n".getBytes(StandardCharsets.US_ASCII));
        };
        return Response.ok(body, "text/plain").build();
    }

    /** @return a body that {@link FirstUseWhileWriting} makes the request's first use of the session */
    @GET
    @Path("/writer-first-use")
    @UsesSessionWhileWriting
    public String writerFirstUse() {
        return "late write accepted";
    }

    /** @return a body that, while streaming (after the session was saved), tries to change the session */
    @GET
    @Path("/stream-late-write")
    public Response streamLateWrite() {
        session.put("early", true);
        StreamingOutput body = out -> {
            out.write("start\n".getBytes(StandardCharsets.US_ASCII));
            try {
                session.put("late", true);
                out.write("late write accepted\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalStateException e) {
                out.write(("refused: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        };
        return Response.ok(body, "text/plain").build();
    }

    /**
     * Touches the session for the first time on a thread of its own, as an asynchronous resource might.
     *
     * @param response resumed with the session's user, or with the error
     */
    @GET
    @Path("/async-first-touch")
    public void asyncFirstTouch(@Suspended AsyncResponse response) {
        new Thread(() -> {
            try {
                response.resume("user=" + session.get("user"));
            } catch (RuntimeException e) {
                response.resume(e);
            }
        }).start();
    }

    /** Binds {@link FirstUseWhileWriting} to a resource method. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface UsesSessionWhileWriting {
    }

    /** A writer interceptor that changes the session while the body is written, once response filters have run. */
    @Provider
    @UsesSessionWhileWriting
    @ApplicationScoped
    public static class FirstUseWhileWriting implements WriterInterceptor {
        @Inject
        FlaskSession session;

        @Override
        public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
            session.put("late", true);
            context.proceed();
        }
    }

    /** An application exception. */
    public static class TeapotException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Maps {@link TeapotException} to a 418. */
    @Provider
    @ApplicationScoped
    public static class TeapotMapper implements ExceptionMapper<TeapotException> {
        @Override
        public Response toResponse(TeapotException exception) {
            return Response.status(418).entity("teapot").build();
        }
    }

    /**
     * The session's CSRF token signed {@code age} seconds ago, as a page left open that long carries it.
     *
     * @param age seconds
     * @return {@code {"csrf_token": "..."}}
     */
    @GET
    @Path("/csrf/aged")
    public String agedCsrfToken(@QueryParam("age") long age) {
        String raw = csrfProtection.tokens().rawToken(session);
        return "{\"csrf_token\": \"" + csrfProtection.tokens().sign(raw, java.time.Instant.now().getEpochSecond() - age)
                + "\"}";
    }

    /**
     * A checked post whose resource reads the whole body after the check read its form.
     *
     * @param body the body, as the resource gets it
     * @return its length and SHA-256, and whether the request passed ({@code g.csrf_valid})
     */
    @POST
    @Path("/csrf/echo")
    @dev.flasksession.csrf.CsrfProtected
    @jakarta.ws.rs.Consumes(jakarta.ws.rs.core.MediaType.WILDCARD)
    public String csrfEcho(byte[] body) throws java.security.NoSuchAlgorithmException {
        return body.length + " " + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(body)) + " " + currentCsrf.isValid();
    }

    /** @return a checked post of a class that is not, with the method exempt: never checked */
    @POST
    @Path("/csrf/exempt")
    @dev.flasksession.csrf.CsrfExempt
    public Response csrfExempt() {
        return Response.noContent().build();
    }

    /**
     * @param html a message that is HTML already
     * @return 204, with it flashed as {@code Markup}
     */
    @POST
    @Path("/flash-markup")
    public Response flashMarkup(String html) {
        new dev.flasksession.flash.Flashes(session).flash(new dev.flasksession.json.Markup(html), "message");
        return Response.noContent().build();
    }

    /** @return {@code [[category, message, "markup" or "str"], ...]}, consuming them */
    @GET
    @Path("/flash-types")
    public String flashTypes() {
        StringBuilder out = new StringBuilder("[");
        for (dev.flasksession.flash.FlashedMessage m : new dev.flasksession.flash.Flashes(session).consume(List.of())) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(new dev.flasksession.json.PythonJson().write(List.of(m.category(), m.message().toString(),
                    m.message() instanceof dev.flasksession.json.Markup ? "markup" : "str")));
        }
        return out.append(']').toString();
    }

    /**
     * A proxy that terminates TLS says so in {@code X-Forwarded-Proto}; this trusts it, as Werkzeug's
     * {@code ProxyFix(x_proto=1)} does on the Flask side, so HTTPS requests can be tested over plain HTTP.
     */
    @Provider
    @PreMatching
    @Priority(Priorities.HEADER_DECORATOR)
    @ApplicationScoped
    public static class ForwardedProto implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if ("https".equals(request.getHeaderString("X-Forwarded-Proto"))) {
                java.net.URI base = request.getUriInfo().getBaseUri();
                java.net.URI uri = request.getUriInfo().getRequestUri();
                request.setRequestUri(https(base), https(uri));
            }
        }

        private static java.net.URI https(java.net.URI uri) {
            return java.net.URI.create("https" + uri.toString().substring(uri.getScheme().length()));
        }
    }

    /**
     * A pre-matching application filter at the default priority: with {@code X-Whoami} it answers from the session
     * itself, and writes to it, so the test sees the session was open before it ran and saved after an abort.
     */
    @Provider
    @PreMatching
    @Priority(Priorities.USER)
    @ApplicationScoped
    public static class ApplicationRequestFilter implements ContainerRequestFilter {
        @Inject
        FlaskSession session;

        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getHeaderString("X-Whoami") != null) {
                session.put("aborted", true);
                request.abortWith(Response.ok("user=" + session.get("user")).build());
            }
        }
    }

    /** An application response filter: with {@code X-Mark} it writes to the session after the resource ran. */
    @Provider
    @ApplicationScoped
    public static class ApplicationResponseFilter implements ContainerResponseFilter {
        @Inject
        FlaskSession session;

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getHeaderString("X-Mark") != null) {
                session.put("marked", request.getHeaderString("X-Mark"));
            }
        }
    }

    /** Records Flask-Login's events, for {@code GET /test/login/events}. */
    @ApplicationScoped
    public static class LoginEvents {
        private final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** @return the events so far (a method: a client proxy's fields are its own) */
        public java.util.List<String> seen() {
            return seen;
        }

        void in(@jakarta.enterprise.event.Observes dev.flasksession.login.UserLoggedIn e) {
            seen.add("in " + e.userId() + " remember=" + e.remember() + " fresh=" + e.fresh());
        }

        void out(@jakarta.enterprise.event.Observes dev.flasksession.login.UserLoggedOut e) {
            seen.add("out " + e.userId().orElse("nobody"));
        }

        void cookie(@jakarta.enterprise.event.Observes dev.flasksession.login.UserLoadedFromCookie e) {
            seen.add("cookie " + e.userId());
        }
    }
}
