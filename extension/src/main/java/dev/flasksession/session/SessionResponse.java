package dev.flasksession.session;

/** What a session interface may write on the outgoing response: cookies and {@code Vary}. */
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
}
