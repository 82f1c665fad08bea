package dev.flasksession.session;

import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
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
 * <p>The request cycle, as Flask runs it: {@code openSession}; if that returns {@code null},
 * {@link #makeNullSession()}; the application runs; then {@code saveSession}, unless {@link #isNullSession} says the
 * session is the null one.
 */
public abstract class SessionInterface {
    private static final Logger LOG = Logger.getLogger(SessionInterface.class.getName());

    /** How stale {@link FlaskSession#SEEN_KEY} may get before a session in use is rewritten to refresh it. */
    private static final long SEEN_GRANULARITY_SECONDS = 60;

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
     * Whether the session stored in these contents has timed out, for a caller that can prove no time of its own.
     *
     * @param contents a session's contents as opened
     * @return whether it has timed out
     * @see #isExpired(Map, Long)
     */
    public boolean isExpired(Map<String, ?> contents) {
        return isExpired(contents, null);
    }

    /**
     * Whether the session stored in these contents has timed out: {@code SESSION_ABSOLUTE_TIMEOUT} after it began,
     * or {@code SESSION_IDLE_TIMEOUT} after its last use. It began at {@link FlaskSession#CREATED_KEY}, or, for a
     * session without it (minted by Flask, or before a timeout was set), at the earliest time the backend can prove
     * ({@code provenSince}), never now. Its last use is {@link FlaskSession#SEEN_KEY}, or without it the later of
     * the creation and {@code provenSince}, each a lower bound on it. It fails closed: a stamp that is not a whole
     * number of seconds between 0 and now (plus {@value #CLOCK_SKEW_SECONDS} s for clocks that disagree) counts as
     * expired, and so does a session with contents whose start nothing proves. Times come from this interface's clock, the server's, never the client's.
     *
     * @param contents    a session's contents as opened
     * @param provenSince the earliest time the backend proves the session existed (its cookie's signature, or when
     *                    the store last wrote it), or {@code null} when it proves none
     * @return whether it has timed out
     */
    public boolean isExpired(Map<String, ?> contents, Long provenSince) {
        long absolute = config.absoluteTimeout().toSeconds();
        long idle = config.idleTimeout().toSeconds();
        if ((absolute == 0 && idle == 0) || contents.isEmpty()) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        long created = stamp(contents.get(FlaskSession.CREATED_KEY), now);
        long seen = stamp(contents.get(FlaskSession.SEEN_KEY), now);
        if (created == INVALID || seen == INVALID) {
            return true;
        }
        long proven = provenSince == null ? ABSENT : provenSince;
        long start = created != ABSENT ? created : proven;
        long lastUse = seen != ABSENT ? seen : Math.max(created, proven);
        return (absolute > 0 && (start == ABSENT || now - start >= absolute))
                || (idle > 0 && (lastUse == ABSENT || now - lastUse >= idle));
    }

    /** {@link #stamp}: the key is not there. Below every valid stamp, so that {@code max} ignores it. */
    public static final long ABSENT = -1;
    /** {@link #stamp}: the key holds something that is not a time stamp this library could have written. */
    public static final long INVALID = -2;
    /**
     * How far in the future a stamp may lie, for servers whose clocks disagree a little. No further: a stamp in the
     * future would hold off the absolute timeout and every sign-out until then.
     */
    public static final long CLOCK_SKEW_SECONDS = 60;

    /**
     * @param value a time stamp as stored in a session
     * @param now   the time now, in seconds
     * @return the stamp, {@link #ABSENT} for none, or {@link #INVALID} when it is not an integer number of seconds
     *     between 0 and now plus {@link #CLOCK_SKEW_SECONDS}: a float, {@code 1e999} or a string is not one
     */
    public static long stamp(Object value, long now) {
        if (value == null) {
            return ABSENT;
        }
        long latest = now + CLOCK_SKEW_SECONDS;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return v >= 0 && v <= latest ? v : INVALID;
        }
        if (value instanceof java.math.BigInteger big && big.bitLength() < 63) {
            return stamp(big.longValue(), now);
        }
        return INVALID;
    }

    /**
     * @return whether a timeout or user tracking is on, so that opening a session without time stamps must find out
     *     since when it has existed ({@link FlaskSession#rememberProvenSince}), before anything renews it
     */
    public boolean needsProvenTimes() {
        return config.absoluteTimeout().toSeconds() > 0 || config.idleTimeout().toSeconds() > 0 || config.trackUsers();
    }

    /**
     * @param value a timestamp as stored in a session
     * @return it in seconds, or {@code null} when it is not a number
     */
    public static Long seconds(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    /**
     * Called on save, before anything is written: stamps {@link FlaskSession#CREATED_KEY} on a session with data that
     * lacks it, when a timeout or user tracking needs it, and refreshes {@link FlaskSession#SEEN_KEY} when the idle
     * timeout is on or the session has a tracked user, once the stamp is older than a tenth of the idle timeout (at
     * most a minute): a session in use is rewritten at that pace, not on every request. A session that began in this
     * request is stamped now; one that arrived with data but without the stamp is stamped with the earliest time the
     * backend proves ({@link FlaskSession#provenSince()}), never now, so that neither a timeout nor a sign-out can
     * be escaped by replaying it. With none of those settings it does nothing, and the session stays byte for byte
     * what Flask would store. Public for the server-side stores' shared save steps, in another package.
     *
     * @param session the session being saved
     */
    public void stampTimes(FlaskSession session) {
        long absolute = config.absoluteTimeout().toSeconds();
        long idle = config.idleTimeout().toSeconds();
        boolean tracked = config.trackUsers() && session.contents().get(config.userKey()) != null;
        if ((absolute == 0 && idle == 0 && !tracked) || !session.hasData()) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        Map<String, Object> contents = session.contents();
        long created = stamp(contents.get(FlaskSession.CREATED_KEY), now);
        if (created < 0) {
            Long start = session.wasExpired() || session.wasEmptyWhenOpened() ? Long.valueOf(now) : session.provenSince();
            if (start != null) {
                session.put(FlaskSession.CREATED_KEY, start);
            } else if (created == INVALID) {
                session.remove(FlaskSession.CREATED_KEY);
            }
        }
        if (idle > 0 || tracked) {
            // A user's devices page shows when each session was last seen, to the minute.
            long granularity = idle > 0 ? Math.max(1, Math.min(idle / 10, SEEN_GRANULARITY_SECONDS)) : SEEN_GRANULARITY_SECONDS;
            long seen = stamp(contents.get(FlaskSession.SEEN_KEY), now);
            if (seen < 0 || now - seen >= granularity) {
                session.put(FlaskSession.SEEN_KEY, now);
            }
        }
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
