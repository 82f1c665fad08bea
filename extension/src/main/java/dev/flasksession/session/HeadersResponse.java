package dev.flasksession.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A response view over a live map of response headers, such as JAX-RS's {@code MultivaluedMap}. Cookies are written
 * verbatim, as Werkzeug formats them: JAX-RS's {@code NewCookie} would add a {@code Version} attribute Flask never
 * sends. Header names are matched as the map matches them (JAX-RS's maps ignore case).
 */
public final class HeadersResponse implements SessionResponse {
    private static final String SET_COOKIE = "Set-Cookie";
    private static final String VARY = "Vary";

    private final Map<String, List<Object>> headers;

    /** @param headers the response's headers, written in place */
    public HeadersResponse(Map<String, List<Object>> headers) {
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    @Override
    public void setCookie(SetCookie cookie) {
        addHeader(SET_COOKIE, cookie.toHeaderValue());
    }

    @Override
    public void setHeader(String name, String value) {
        List<Object> values = new ArrayList<>();
        values.add(value);
        headers.put(name, values);
    }

    @Override
    public void addHeader(String name, String value) {
        // A copy: a container's map may hand out a list that cannot grow.
        List<Object> values = headers.get(name);
        List<Object> all = values == null ? new ArrayList<>() : new ArrayList<>(values);
        all.add(value);
        headers.put(name, all);
    }

    @Override
    public void addVary(String header) {
        List<Object> existing = headers.get(VARY);
        StringBuilder merged = new StringBuilder();
        if (existing != null) {
            for (Object value : existing) {
                for (String token : String.valueOf(value).split(",")) {
                    String t = token.trim();
                    if (t.equals("*") || t.toLowerCase(Locale.ROOT).equals(header.toLowerCase(Locale.ROOT))) {
                        return;
                    }
                    if (!t.isEmpty()) {
                        merged.append(merged.length() == 0 ? "" : ", ").append(t);
                    }
                }
            }
        }
        merged.append(merged.length() == 0 ? "" : ", ").append(header);
        setHeader(VARY, merged.toString());
    }
}
