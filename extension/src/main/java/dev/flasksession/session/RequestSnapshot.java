package dev.flasksession.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A copy of what a request says about itself, taken when it arrives: its method, target, peer address and every
 * header. The session can open later, on another thread (lazy opening, an event loop handing over to a worker),
 * and the hooks read the request again when the session is saved, when the container's own request object may no
 * longer be trusted; this copy stays valid for the whole request. Immutable.
 */
public final class RequestSnapshot implements SessionRequest {
    private final String method;
    private final String target;
    private final String remoteAddress;
    private final Map<String, List<String>> headers;

    private RequestSnapshot(String method, String target, String remoteAddress, Map<String, List<String>> headers) {
        this.method = method;
        this.target = target;
        this.remoteAddress = remoteAddress;
        this.headers = headers;
    }

    /**
     * @param method        the request method, e.g. {@code GET}
     * @param target        the path and query the client asked for, e.g. {@code /cart?page=2}
     * @param remoteAddress the peer's address as the container gives it (Flask's {@code request.remote_addr}),
     *                      or {@code null} when the container tells none
     * @param headers       every header and all its values, under names in any case
     * @return the snapshot
     */
    public static RequestSnapshot of(String method, String target, String remoteAddress,
                                     Map<String, ? extends List<?>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            List<String> all = copy.computeIfAbsent(name, n -> new ArrayList<>());
            for (Object value : values) {
                all.add(String.valueOf(value));
            }
        });
        copy.replaceAll((name, values) -> List.copyOf(values));
        return new RequestSnapshot(Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT),
                Objects.requireNonNull(target, "target"), remoteAddress, Collections.unmodifiableMap(copy));
    }

    @Override
    public Optional<String> cookie(String name) {
        return CookieHeaders.find(headers("Cookie"), name);
    }

    @Override
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        // As a WSGI server gives it to Flask (gunicorn, Werkzeug): several headers of one name joined with ",", so a
        // duplicated header reads here as it reads there.
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Set<String> headerNames() {
        return headers.keySet();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** Names the request without its headers, which may carry cookies and ids. */
    @Override
    public String toString() {
        return method + " " + target.replaceAll("\\?.*", "");
    }
}
