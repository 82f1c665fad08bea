package dev.flasksession.session;

import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Flask's {@code SessionInterface}: opens the session when a request starts and saves it when the response goes out.
 *
 * <p>A backend implements {@link #openSession} and {@link #saveSession}; every other decision is a small hook with
 * Flask's default, so a subclass can change one of them (the cookie domain, whether to set the cookie, the expiry)
 * without copying the rest. Hooks read the {@link SessionConfig} given at construction, in place of Flask's
 * {@code app.config}. Implementations are shared by all requests and must be thread-safe; settings do not change
 * after construction.
 *
 * <p>The request cycle, as Flask runs it, is {@link SessionCycle}'s: {@code openSession}; if that returns
 * {@code null}, {@link #makeNullSession()}; the hooks ({@link SessionHook}, the timeouts among them); the
 * application; the hooks again; then {@code saveSession}, unless {@link #isNullSession} says the session is the null
 * one.
 */
public abstract class SessionInterface {
    private static final Logger LOG = Logger.getLogger(SessionInterface.class.getName());

    private final SessionConfig config;
    private final Clock clock;

    /**
     * @param config the settings the hooks read
     * @param clock  the source of "now" for expiry times and signatures
     */
    protected SessionInterface(SessionConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the settings this interface was built with */
    public SessionConfig config() {
        return config;
    }

    /** @return the clock for expiry times, signatures and sign-out checks */
    public Clock clock() {
        return clock;
    }

    /**
     * @param request the incoming request's cookies
     * @return the session for this request, or {@code null} when sessions cannot work (then the caller uses
     *     {@link #makeNullSession()})
     */
    public abstract FlaskSession openSession(SessionRequest request);

    /**
     * Writes what the session needs on the response: a cookie, a deleting cookie, {@code Vary: Cookie}, or nothing.
     *
     * @param session  the session opened for this request
     * @param response the outgoing response's headers
     */
    public abstract void saveSession(FlaskSession session, SessionResponse response);

    /**
     * @return whether a timeout or user tracking is on, so that opening a session without time stamps must find out
     *     since when it has existed ({@link FlaskSession#rememberProvenSince}), before anything renews it
     */
    public boolean needsProvenTimes() {
        return config.absoluteTimeout().toSeconds() > 0 || config.idleTimeout().toSeconds() > 0 || config.trackUsers();
    }

    /**
     * Ends a session that timed out or was signed out: it starts empty, and saving it removes the stale cookie or
     * value. A server-side backend also moves it to a new id here. Public for the sign-out check, which lives with
     * the users above this package.
     *
     * @param session the session
     */
    public void expire(FlaskSession session) {
        session.markExpired();
    }

    /**
     * What this backend does with {@code SECRET_KEY}, for the deployment check that refuses a short key where it
     * matters and names what it is used for. A backend that keeps its own hook answers for itself, so no caller needs
     * to know the concrete backends.
     *
     * @return a verb such as {@code "signs"} or {@code "encrypts"}; empty when the key is not used
     */
    public Optional<String> secretKeyUse() {
        return Optional.empty();
    }

    /**
     * @return every setting this backend was built with, as the start-up log line shows it (secrets masked): the
     *     session settings, and those of the backend's store when it has one
     */
    public String settingsSummary() {
        return config.toString();
    }

    /** @return a session that reads as empty and refuses every write */
    public FlaskSession makeNullSession() {
        return new NullSession();
    }

    /**
     * @param session a session
     * @return whether it is a null session, which is never saved
     */
    public boolean isNullSession(FlaskSession session) {
        return session instanceof NullSession;
    }

    /** @return the cookie name; {@code SESSION_COOKIE_NAME} */
    public String getCookieName() {
        return config.cookieName();
    }

    /** @return the cookie's {@code Domain}; {@code SESSION_COOKIE_DOMAIN}, unset by default */
    public Optional<String> getCookieDomain() {
        return config.cookieDomain();
    }

    /** @return the cookie's {@code Path}; {@code SESSION_COOKIE_PATH} */
    public String getCookiePath() {
        return config.cookiePath();
    }

    /** @return whether the cookie is {@code HttpOnly}; {@code SESSION_COOKIE_HTTPONLY} */
    public boolean getCookieHttpOnly() {
        return config.cookieHttpOnly();
    }

    /** @return whether the cookie is {@code Secure}; {@code SESSION_COOKIE_SECURE} */
    public boolean getCookieSecure() {
        return config.cookieSecure();
    }

    /** @return the cookie's {@code SameSite}; {@code SESSION_COOKIE_SAMESITE}, unset by default */
    public Optional<SameSite> getCookieSameSite() {
        return config.cookieSameSite();
    }

    /** @return whether the cookie is {@code Partitioned}; {@code SESSION_COOKIE_PARTITIONED} */
    public boolean getCookiePartitioned() {
        return config.cookiePartitioned();
    }

    /**
     * @param session the session being saved
     * @return now plus {@code PERMANENT_SESSION_LIFETIME} for a permanent session; empty (a browser-session cookie)
     *     otherwise
     */
    public Optional<Instant> getExpirationTime(FlaskSession session) {
        if (session.isPermanent()) {
            return Optional.of(clock.instant().plus(config.permanentSessionLifetime()));
        }
        return Optional.empty();
    }

    /**
     * @param session the session being saved
     * @return whether to send the cookie: when modified, or when permanent and {@code SESSION_REFRESH_EACH_REQUEST}
     */
    public boolean shouldSetCookie(FlaskSession session) {
        return session.isModified() || (session.isPermanent() && config.refreshEachRequest());
    }

    /**
     * @param value   the cookie value
     * @param expires the expiry, or empty for a browser-session cookie
     * @return the session cookie with every attribute from the hooks
     */
    protected SetCookie sessionCookie(String value, Optional<Instant> expires) {
        return SetCookie.of(getCookieName(), value, expires.orElse(null), getCookieDomain().orElse(null),
                getCookiePath(), getCookieSecure(), getCookieHttpOnly(), getCookieSameSite().orElse(null),
                getCookiePartitioned());
    }

    /** @return a cookie that deletes the session cookie, with the same name, domain, path and attributes */
    protected SetCookie deletingCookie() {
        return SetCookie.deleting(getCookieName(), getCookieDomain().orElse(null), getCookiePath(),
                getCookieSecure(), getCookieHttpOnly(), getCookieSameSite().orElse(null), getCookiePartitioned());
    }

    /**
     * Sends a cookie, warning (as Werkzeug does) when it is too large for browsers; it is still sent. Public for the
     * server-side stores' shared cookie code, in another package.
     *
     * @param response the response
     * @param cookie   the cookie
     */
    public void writeCookie(SessionResponse response, SetCookie cookie) {
        int size = cookie.toHeaderValue().length();
        if (size > SetCookie.BROWSER_LIMIT) {
            LOG.warning(() -> "The '" + cookie.name() + "' cookie is too large: the header is " + size
                    + " bytes but the limit is " + SetCookie.BROWSER_LIMIT
                    + " bytes. Browsers may silently ignore cookies larger than this; store less in the session.");
        }
        response.setCookie(cookie);
    }
}
