package dev.flasksession.session;

import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * {@code SESSION_ABSOLUTE_TIMEOUT} and {@code SESSION_IDLE_TIMEOUT}, as the first hook of every {@link SessionCycle}:
 * right after a session opens it ends one that timed out ({@link SessionInterface#expire}), and last before it is
 * saved it stamps {@link FlaskSession#CREATED_KEY} and {@link FlaskSession#SEEN_KEY}. With neither timeout nor
 * user tracking set it does nothing, and the session stays byte for byte what Flask would store. Every backend
 * proves the times it can ({@link FlaskSession#provenSince()}) when it opens a session, so the rules here are the
 * same for cookies and stores.
 */
public final class SessionTimeouts implements SessionHook {
    /** How stale {@link FlaskSession#SEEN_KEY} may get before a session in use is rewritten to refresh it. */
    private static final long SEEN_GRANULARITY_SECONDS = 60;

    private final SessionInterface backend;

    /**
     * @param backend the backend whose settings and clock decide, and whose {@link SessionInterface#expire} ends
     */
    public SessionTimeouts(SessionInterface backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public int priority() {
        return TIMEOUTS;
    }

    /** Ends a session that timed out before the application sees it; the look does not count as a use. */
    @Override
    public void opened(FlaskSession session, SessionRequest request) {
        if (isExpired(session.peekContents(), session.provenSince())) {
            backend.expire(session);
        }
    }

    /** Stamps the times as bookkeeping: it is no use of the session, so {@code Vary} stays the application's. */
    @Override
    public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        session.bookkeeping(() -> stampTimes(session));
    }

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
     * expired, and so does a session with contents whose start nothing proves. Times come from the backend's clock, the server's, never the client's.
     *
     * @param contents    a session's contents as opened
     * @param provenSince the earliest time the backend proves the session existed (its cookie's signature, or when
     *                    the store last wrote it), or {@code null} when it proves none
     * @return whether it has timed out
     */
    public boolean isExpired(Map<String, ?> contents, Long provenSince) {
        SessionConfig config = backend.config();
        Clock clock = backend.clock();
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
     * Called on save, before anything is written: stamps {@link FlaskSession#CREATED_KEY} on a session with data that
     * lacks it, when a timeout or user tracking needs it, and refreshes {@link FlaskSession#SEEN_KEY} when the idle
     * timeout is on or the session has a tracked user, once the stamp is older than a tenth of the idle timeout (at
     * most a minute): a session in use is rewritten at that pace, not on every request. A session that began in this
     * request is stamped now; one that arrived with data but without the stamp is stamped with the earliest time the
     * backend proves ({@link FlaskSession#provenSince()}), never now, so that neither a timeout nor a sign-out can
     * be escaped by replaying it. With none of those settings it does nothing, and the session stays byte for byte
     * what Flask would store. Run by {@link #beforeSave}, last of all hooks.
     *
     * @param session the session being saved
     */
    public void stampTimes(FlaskSession session) {
        SessionConfig config = backend.config();
        Clock clock = backend.clock();
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
}
