package dev.flasksession.login;

import dev.flasksession.session.SetCookie;
import java.util.Objects;
import java.util.Optional;

/**
 * What the end of a request does to the remember-me cookie, as {@code LoginManager._update_remember_cookie} decides
 * it: nothing, set it, or delete it. The request hooks send {@link #header()} with the response.
 *
 * @param kind   what happens
 * @param cookie the {@code Set-Cookie} to send, {@code null} for {@link Kind#NONE}
 */
public record RememberCookieAction(Kind kind, SetCookie cookie) {
    /** The three outcomes. */
    public enum Kind {
        /** The cookie is left as it is. */
        NONE,
        /** The cookie is (re)written with a new {@code Expires}. */
        SET,
        /** The cookie is deleted. */
        CLEAR
    }

    /** The action that sends nothing. */
    public static final RememberCookieAction NONE = new RememberCookieAction(Kind.NONE, null);

    /**
     * @param kind   what happens
     * @param cookie the header; required unless {@code kind} is {@link Kind#NONE}
     */
    public RememberCookieAction {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.NONE) != (cookie == null)) {
            throw new IllegalArgumentException("a " + kind + " action " + (cookie == null ? "needs" : "has no") + " cookie");
        }
    }

    /** @return the {@code Set-Cookie} to send, if any */
    public Optional<SetCookie> header() {
        return Optional.ofNullable(cookie);
    }
}
