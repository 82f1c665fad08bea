package dev.flasksession.session;

/**
 * The outgoing response, as session interfaces and {@linkplain SessionHook hooks} write it: any cookie, {@code Vary},
 * and any header. {@link HeadersResponse} writes them into a map of headers, such as JAX-RS's.
 */
public interface SessionResponse {
    /**
     * Adds a {@code Set-Cookie} header.
     *
     * @param cookie the cookie, deleting cookies included
     */
    void setCookie(SetCookie cookie);

    /**
     * Adds a header name to {@code Vary}, once, keeping what is already there.
     *
     * @param header the request header the response depends on, e.g. {@code Cookie}
     */
    void addVary(String header);

    /**
     * Sets a response header, replacing any value it had: for a session id sent in a header
     * ({@code SESSION_HEADER_NAME}), or a hook's own header.
     *
     * @param name  the header
     * @param value its value
     */
    default void setHeader(String name, String value) {
        throw new UnsupportedOperationException("This response cannot carry headers");
    }

    /**
     * Adds a value to a response header, keeping the values it had.
     *
     * @param name  the header
     * @param value the value to add
     */
    default void addHeader(String name, String value) {
        throw new UnsupportedOperationException("This response cannot carry headers");
    }
}
