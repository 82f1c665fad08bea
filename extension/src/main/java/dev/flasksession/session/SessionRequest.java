package dev.flasksession.session;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The incoming request, as session interfaces and {@linkplain SessionHook hooks} read it: its cookies, every header,
 * the method, the target and the peer's address. {@link RequestSnapshot} is the full view a request filter gives;
 * the smaller views below serve tests and callers that have only cookies.
 */
public interface SessionRequest {
    /**
     * @param name a cookie name
     * @return the first value the request sent under that name, as Werkzeug's {@code request.cookies.get}
     */
    Optional<String> cookie(String name);

    /**
     * @param name a header name, in any case
     * @return the header's value as Flask's {@code request.headers.get} gives it (several headers of that name joined
     *     with {@code ,}, as WSGI servers join them), if the request sent it
     */
    default Optional<String> header(String name) {
        return Optional.empty();
    }

    /**
     * @param name a header name, in any case
     * @return every value of that header, in order; empty when the request did not send it
     */
    default List<String> headers(String name) {
        return header(name).map(List::of).orElse(List.of());
    }

    /** @return the names of the headers the request sent, as far as this view knows them */
    default Set<String> headerNames() {
        return Set.of();
    }

    /** @return the request method in upper case, e.g. {@code GET}; {@code GET} when this view does not know it */
    default String method() {
        return "GET";
    }

    /** @return the path and query the client asked for; {@code /} when this view does not know it */
    default String target() {
        return "/";
    }

    /**
     * @return the peer's address as the container gives it, Flask's {@code request.remote_addr}; empty when the
     *     container tells none
     */
    default Optional<String> remoteAddress() {
        return Optional.empty();
    }

    /**
     * @param cookieHeaders the raw values of every {@code Cookie} header of the request
     * @return a request view that parses them the way Werkzeug does
     */
    static SessionRequest fromCookieHeaders(List<String> cookieHeaders) {
        return name -> CookieHeaders.find(cookieHeaders, name);
    }

    /**
     * @param cookieHeaders the raw values of every {@code Cookie} header of the request
     * @param headers       gives a header's first value by name (any case), or {@code null} when absent
     * @return a request view over both
     */
    static SessionRequest of(List<String> cookieHeaders, Function<String, String> headers) {
        return new SessionRequest() {
            @Override
            public Optional<String> cookie(String name) {
                return CookieHeaders.find(cookieHeaders, name);
            }

            @Override
            public Optional<String> header(String name) {
                return Optional.ofNullable(headers.apply(name));
            }
        };
    }
}
