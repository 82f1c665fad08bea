package dev.flasksession.session;

/** What a session interface may write on the outgoing response: cookies, {@code Vary}, and a header. */
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
     * ({@code SESSION_HEADER_NAME}).
     *
     * @param name  the header
     * @param value its value
     */
    default void setHeader(String name, String value) {
        throw new UnsupportedOperationException("This response cannot carry headers");
    }
}
