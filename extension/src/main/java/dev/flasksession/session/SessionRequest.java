package dev.flasksession.session;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What a session interface may read of the incoming request: its cookies, and headers by name. */
public interface SessionRequest {
    /**
     * @param name a cookie name
     * @return the first value the request sent under that name, as Werkzeug's {@code request.cookies.get}
     */
    Optional<String> cookie(String name);

    /**
     * @param name a header name, in any case
     * @return the first value of that header, if the request sent it
     */
    default Optional<String> header(String name) {
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
