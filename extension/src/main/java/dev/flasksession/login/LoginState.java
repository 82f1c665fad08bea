package dev.flasksession.login;

import dev.flasksession.json.FloatFormat;
import dev.flasksession.session.FlaskSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Flask-Login 0.6.3's state in one request's session, changed exactly as Flask-Login changes it: {@code login_user},
 * {@code logout_user} and {@code confirm_login} of {@code flask_login/utils.py}, and {@code LoginManager}'s
 * {@code _load_user}, {@code _session_protection_failed}, {@code _load_user_from_remember_cookie} and
 * {@code _update_remember_cookie}. Keys are written in Flask-Login's order, so a store that keeps the order
 * (Flask-Session's msgpack) holds the same bytes. The session is any map, usually the request's
 * {@code FlaskSession}; one instance serves one request and is not thread-safe.
 *
 * <p>Nothing here loads users: the application says whether an id still names one ({@link #load}'s
 * {@code userExists}, Flask-Login's {@code user_loader} returning {@code None} or not).
 */
public final class LoginState {
    /** The signed-in user's id. */
    public static final String USER_ID = "_user_id";
    /** Whether the login is fresh (a password was given, not a remember cookie). */
    public static final String FRESH = "_fresh";
    /** The session identifier the login was made with. */
    public static final String ID = "_id";
    /** {@code "set"} or {@code "clear"}: what the end of this request does to the remember cookie. */
    public static final String REMEMBER = "_remember";
    /** The remember cookie's lifetime given to the login, in seconds (a float). */
    public static final String REMEMBER_SECONDS = "_remember_seconds";
    /** Flask-Login's {@code SESSION_KEYS}: what strong session protection removes. */
    public static final List<String> SESSION_KEYS = List.of(USER_ID, REMEMBER, REMEMBER_SECONDS, ID, FRESH, "next");

    /** What {@link #protect} found, as {@code _session_protection_failed}; the last two send {@code session_protected}. */
    public enum Protection {
        /** Protection is off, the session is empty, or its {@code _id} matches. */
        PASSED,
        /** The identifier differs; the login is now not fresh (basic mode, or a permanent session). */
        MARKED_NOT_FRESH,
        /** The identifier differs on a non-permanent session in strong mode: the login is gone. */
        SIGNED_OUT
    }

    /**
     * What {@link #load} found.
     *
     * @param userId             the signed-in user, if any
     * @param fromRememberCookie whether the user came from the remember cookie on this call
     *                           ({@code user_loaded_from_cookie})
     * @param protection         what session protection did
     */
    public record Load(Optional<String> userId, boolean fromRememberCookie, Protection protection) {
    }

    private static final BigDecimal MAX_MICROS = BigDecimal.valueOf(Duration.ofDays(3_652_500).toSeconds())
            .movePointRight(6);

    private final LoginSettings settings;
    private final RememberCookie remember;
    private final Map<String, Object> session;

    /**
     * @param settings Flask-Login's settings
     * @param remember the remember cookie, keyed with {@code SECRET_KEY}
     * @param session  the request's session
     */
    public LoginState(LoginSettings settings, RememberCookie remember, Map<String, Object> session) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.remember = Objects.requireNonNull(remember, "remember");
        this.session = Objects.requireNonNull(session, "session");
    }

    /** @return the id under {@code _user_id}, as Python's {@code str()} shows it, if the key is there */
    public Optional<String> userId() {
        return session.containsKey(USER_ID) ? Optional.of(pythonStr(session.get(USER_ID))) : Optional.empty();
    }

    /** @return {@code login_fresh()}: whether {@code _fresh} is true */
    public boolean isFresh() {
        return Boolean.TRUE.equals(session.get(FRESH));
    }

    /**
     * {@code login_user(user, remember, duration, fresh=fresh)} for an active user.
     *
     * @param userId     the user's id
     * @param remember   whether to set the remember cookie at the end of the request
     * @param duration   the remember cookie's lifetime, or {@code null} for {@code REMEMBER_COOKIE_DURATION};
     *                   microseconds are kept, as a {@code timedelta} keeps them
     * @param fresh      whether the login is fresh
     * @param identifier this request's {@link SessionIdentifier}
     */
    public void login(String userId, boolean remember, Duration duration, boolean fresh, String identifier) {
        session.put(USER_ID, Objects.requireNonNull(userId, "userId"));
        session.put(FRESH, fresh);
        session.put(ID, identifier);
        if (remember) {
            session.put(REMEMBER, "set");
            if (duration != null) {
                long micros = Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L),
                        duration.getNano() / 1000);
                session.put(REMEMBER_SECONDS, micros / 1e6);
            }
        }
    }

    /**
     * {@code logout_user()}. Flask-Login loads the user first (it hands it to {@code user_logged_out}); a caller that
     * has not yet called {@link #load} in this request does so before, to leave the same session.
     *
     * @param rememberCookieCameIn whether the request carried the remember cookie, which is then deleted
     */
    public void logout(boolean rememberCookieCameIn) {
        session.remove(USER_ID);
        session.remove(FRESH);
        session.remove(ID);
        if (rememberCookieCameIn) {
            session.put(REMEMBER, "clear");
            session.remove(REMEMBER_SECONDS);
        }
    }

    /**
     * {@code confirm_login()}: the login is fresh again, made from this request.
     *
     * @param identifier this request's {@link SessionIdentifier}
     */
    public void confirmLogin(String identifier) {
        session.put(FRESH, true);
        session.put(ID, identifier);
    }

    /**
     * {@code _session_protection_failed()}.
     *
     * @param identifier this request's {@link SessionIdentifier}
     * @return what it did; {@link Protection#SIGNED_OUT} means no user for this request
     */
    public Protection protect(String identifier) {
        LoginSettings.Protection mode = settings.sessionProtection();
        // Python's bool(session): a server-side session that holds only "_permanent" counts as empty there.
        boolean empty = session instanceof FlaskSession flask ? !flask.hasData() : session.isEmpty();
        if (mode == LoginSettings.Protection.NONE || empty || Objects.equals(identifier, session.get(ID))) {
            return Protection.PASSED;
        }
        if (mode == LoginSettings.Protection.BASIC || Boolean.TRUE.equals(session.get("_permanent"))) {
            if (!Boolean.FALSE.equals(session.get(FRESH))) {
                session.put(FRESH, false);
            }
            return Protection.MARKED_NOT_FRESH;
        }
        for (String key : SESSION_KEYS) {
            session.remove(key);
        }
        session.put(REMEMBER, "clear");
        return Protection.SIGNED_OUT;
    }

    /**
     * {@code _load_user_from_remember_cookie}: a cookie that verifies signs its user in, not fresh, whether or not
     * the application still knows the user (as in Flask-Login, whose {@code user_loader} is asked only after). Does
     * nothing while {@code _remember} is {@code "clear"} (a logout or strong protection in this request).
     *
     * @param cookieValue the remember cookie's value, or {@code null}
     * @return the user id from the cookie, if it verified
     */
    public Optional<String> restoreFromCookie(String cookieValue) {
        if (cookieValue == null || "clear".equals(session.get(REMEMBER))) {
            return Optional.empty();
        }
        Optional<String> userId = remember.decode(cookieValue);
        userId.ifPresent(id -> {
            session.put(USER_ID, id);
            session.put(FRESH, false);
        });
        return userId;
    }

    /**
     * {@code _load_user()}: session protection, then the user under {@code _user_id}, then the remember cookie when
     * that gives no user.
     *
     * @param identifier  this request's {@link SessionIdentifier}
     * @param cookieValue the remember cookie's value as the request carried it, or {@code null}
     * @param userExists  the application's answer to "does this id still name a user?" ({@code user_loader})
     * @return who is signed in
     */
    public Load load(String identifier, String cookieValue, Predicate<String> userExists) {
        Protection protection = protect(identifier);
        if (protection == Protection.SIGNED_OUT) {
            return new Load(Optional.empty(), false, protection);
        }
        Object stored = session.get(USER_ID);
        if (stored != null && userExists.test(pythonStr(stored))) {
            return new Load(Optional.of(pythonStr(stored)), false, protection);
        }
        Optional<String> fromCookie = restoreFromCookie(cookieValue).filter(userExists);
        return new Load(fromCookie, fromCookie.isPresent(), protection);
    }

    /**
     * {@code _update_remember_cookie}, at the end of the request: pops {@code _remember} ({@code _remember_seconds}
     * stays, as in Flask-Login) and says what to do with the cookie. With {@code REMEMBER_COOKIE_REFRESH_EACH_REQUEST}
     * a request without {@code _remember} counts as {@code "set"}, and the session is then modified, as in Flask.
     *
     * @param now the time of the response; {@code Expires} is {@code now} plus the duration
     * @return the cookie action
     */
    public RememberCookieAction afterRequest(Instant now) {
        if (!session.containsKey(REMEMBER) && settings.refreshEachRequest()) {
            session.put(REMEMBER, "set");
        }
        if (!session.containsKey(REMEMBER)) {
            return RememberCookieAction.NONE;
        }
        Object operation = session.remove(REMEMBER);
        if ("set".equals(operation) && session.containsKey(USER_ID)) {
            Instant expires = now.truncatedTo(ChronoUnit.MICROS).plus(duration());
            return new RememberCookieAction(RememberCookieAction.Kind.SET,
                    remember.setCookie(settings, pythonStr(session.get(USER_ID)), expires));
        }
        if ("clear".equals(operation)) {
            return new RememberCookieAction(RememberCookieAction.Kind.CLEAR, RememberCookie.deletingCookie(settings));
        }
        return RememberCookieAction.NONE;
    }

    /**
     * {@code timedelta(seconds=session["_remember_seconds"])}, rounded to the microsecond as {@code timedelta} rounds.
     * A value Python would fail on (not a number, not finite, an {@code Expires} past the year 9999) falls back to
     * {@code REMEMBER_COOKIE_DURATION} here rather than failing the response.
     */
    private Duration duration() {
        Object seconds = session.get(REMEMBER_SECONDS);
        if (!session.containsKey(REMEMBER_SECONDS) || !(seconds instanceof Number n) || seconds instanceof Boolean) {
            return settings.cookieDuration();
        }
        BigDecimal exact;
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return settings.cookieDuration();
            }
            exact = new BigDecimal(d);
        } else if (n instanceof BigInteger big) {
            exact = new BigDecimal(big);
        } else if (n instanceof BigDecimal decimal) {
            exact = decimal;
        } else {
            exact = BigDecimal.valueOf(n.longValue());
        }
        BigDecimal micros = exact.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
        // Python's utcnow() + duration overflows past the year 9999; ten thousand years bounds it here.
        if (micros.abs().compareTo(MAX_MICROS) > 0) {
            return settings.cookieDuration();
        }
        return Duration.of(micros.longValueExact(), ChronoUnit.MICROS);
    }

    /** Python's {@code str()} of a session value, for ids a Flask app stored as numbers. */
    static String pythonStr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return FloatFormat.python(d);
        }
        return value.toString();
    }
}
