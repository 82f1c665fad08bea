package dev.flasksession.session;

import java.util.List;
import java.util.Optional;

/** What a session interface may read of the incoming request: its cookies. */
public interface SessionRequest {
    /**
     * @param name a cookie name
     * @return the first value the request sent under that name, as Werkzeug's {@code request.cookies.get}
     */
    Optional<String> cookie(String name);

    /**
     * @param cookieHeaders the raw values of every {@code Cookie} header of the request
     * @return a request view that parses them the way Werkzeug does
     */
    static SessionRequest fromCookieHeaders(List<String> cookieHeaders) {
        return name -> CookieHeaders.find(cookieHeaders, name);
    }
}
