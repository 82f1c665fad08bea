package dev.flasksession.login;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionHook;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SessionTimeouts;
import dev.flasksession.session.SetCookie;
import dev.flasksession.users.LongLivedLogins;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutStore;
import dev.flasksession.users.UserSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Flask-Login's {@code LoginManager} for this application: its settings, the user loader, the session identifier,
 * and its {@code after_request} function ({@code _update_remember_cookie}) as a {@link SessionHook}, which turns
 * {@code _remember} into the remember-me cookie just before the session is saved. Its settings are read once, at
 * start-up, so a bad one fails the deployment and names itself.
 *
 * <p>Beyond Flask-Login, with {@code SESSION_TRACK_USERS} and a sign-out store: a remember cookie of a user who was
 * signed out everywhere is refused here until the user signs in again here with "remember me", and one issued here is
 * refused once {@code SESSION_ABSOLUTE_TIMEOUT} has passed since its login. With {@code SESSION_ABSOLUTE_TIMEOUT}, the
 * cookie's {@code Expires} also never reaches past that time counted from the session's start.
 */
@ApplicationScoped
public class LoginManager implements SessionHook, LongLivedLogins {
    private static final Logger LOG = Logger.getLogger(LoginManager.class.getName());

    @Inject
    ConfigSource source;

    @Inject
    SessionConfig config;

    @Inject
    UserSessions userSessions;

    @Inject
    @Any
    Instance<UserLoader> loaders;

    private volatile LoginSettings settings;
    private volatile RememberCookie remember;
    private final Clock clock = Clock.systemUTC();

    /**
     * Reads the settings at start-up, so that a bad one fails the deployment, naming itself, rather than the first
     * request. Read here rather than in a {@code @PostConstruct}, whose exceptions the container wraps.
     */
    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        settings();
    }

    /** @return Flask-Login's settings */
    public LoginSettings settings() {
        LoginSettings s = settings;
        if (s == null) {
            synchronized (this) {
                if (settings == null) {
                    remember = config.secretKey().flatMap(LoginManager::rememberCodec).orElse(null);
                    settings = LoginSettings.from(source);
                }
                s = settings;
            }
        }
        return s;
    }

    /** Flask-Login keys the cookie with the Latin-1 bytes of the key; a key that has none still signs sessions. */
    private static Optional<RememberCookie> rememberCodec(String secretKey) {
        try {
            return Optional.of(new RememberCookie(secretKey));
        } catch (RuntimeException e) {
            LOG.warning("flask-session: SECRET_KEY cannot key Flask-Login's remember-me cookie (" + e.getMessage()
                    + "); remember-me cookies are neither read nor written");
            return Optional.empty();
        }
    }

    /**
     * @return the remember cookie's codec; empty without {@code SECRET_KEY} (no session can hold a login then) or with
     *     a key that is not Latin-1
     */
    public Optional<RememberCookie> rememberCookie() {
        settings();
        return Optional.ofNullable(remember);
    }

    @Override
    public int priority() {
        return LOGIN;
    }

    @Override
    public Duration longestLifetime() {
        return settings().cookieDuration();
    }

    /**
     * @param request the request
     * @return Flask-Login's {@code _create_identifier()} for it, in the form {@code LOGIN_SESSION_IDENTIFIER} names
     */
    public String identifier(SessionRequest request) {
        return SessionIdentifier.create(settings().identifierForm(), request.remoteAddress().orElse(null),
                request.header("X-Forwarded-For").orElse(null), request.header("User-Agent").orElse(null));
    }

    /**
     * @param userId an id from the session or a remember cookie
     * @return the application's user, by the {@link UserLoader} bean; the id itself when there is none
     */
    public Optional<?> loadUser(String userId) {
        if (loaders.isUnsatisfied()) {
            return Optional.of(userId);
        }
        Optional<?> user = loaders.get().load(userId);
        return user == null ? Optional.empty() : user;
    }

    /**
     * @param userId the user a remember cookie names
     * @return whether this side refuses the cookie: the user was signed out everywhere after the last "remember me"
     *     login made here, or that login is older than {@code SESSION_ABSOLUTE_TIMEOUT}
     */
    public boolean rememberRefused(String userId) {
        Optional<SignOutStore> store = store();
        if (store.isEmpty()) {
            return false;
        }
        Optional<SignOut> issued = store.get().lastRememberLogin(userId);
        Duration absolute = config.absoluteTimeout();
        if (issued.isPresent() && !absolute.isZero()
                && clock.millis() - issued.get().epochMilli() > absolute.toMillis()) {
            return true;
        }
        Optional<SignOut> signOut = store.get().lastSignOut(userId);
        return signOut.isPresent() && (issued.isEmpty() || issued.get().epochMilli() <= signOut.get().epochMilli());
    }

    /**
     * Records a "remember me" login made here, which lets the user's remember cookie in again after a sign-out
     * everywhere that came before it.
     *
     * @param userId   the user
     * @param duration the cookie's lifetime
     */
    void rememberIssued(String userId, Duration duration) {
        // Never shorter than any other login's cookie or the absolute timeout: one record serves every cookie of the
        // user (they all have the same value), and the absolute-timeout refusal needs it to outlive the timeout.
        long keep = Math.max(Math.max(duration.toSeconds(), settings().cookieDuration().toSeconds()),
                config.absoluteTimeout().toSeconds()) + config.permanentSessionLifetime().toSeconds();
        store().ifPresent(s -> s.rememberLogin(userId, SignOut.now(clock.millis(), Optional.empty()), keep));
    }

    private Optional<SignOutStore> store() {
        return config.trackUsers() ? userSessions.store() : Optional.empty();
    }

    /**
     * {@code _update_remember_cookie}. Reading the session to find nothing to do is bookkeeping here, so a response
     * that never used the session does not vary on {@code Cookie} because of this hook.
     */
    @Override
    public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        LoginSettings settings = settings();
        if (remember == null) {
            // No cookie can be written; the one-request signal goes as Flask-Login's after_request pops it.
            session.bookkeeping(() -> {
                if (session.containsKey(LoginState.REMEMBER)) {
                    session.remove(LoginState.REMEMBER);
                }
            });
            return;
        }
        boolean[] due = {settings.refreshEachRequest()};
        session.bookkeeping(() -> due[0] |= session.containsKey(LoginState.REMEMBER));
        if (!due[0]) {
            return;
        }
        Instant now = clock.instant();
        RememberCookieAction action = new LoginState(settings, remember, session).afterRequest(now);
        switch (action.kind()) {
            case SET -> {
                if (!session.wasExpired()) {
                    response.setCookie(capped(action.cookie(), session, now));
                }
            }
            case CLEAR -> response.setCookie(action.cookie());
            default -> {
            }
        }
    }

    /** With {@code SESSION_ABSOLUTE_TIMEOUT}: no later than that time after the session (and so its login) began. */
    private SetCookie capped(SetCookie cookie, FlaskSession session, Instant now) {
        Duration absolute = config.absoluteTimeout();
        if (absolute.isZero()) {
            return cookie;
        }
        long[] created = {SessionTimeouts.ABSENT};
        session.bookkeeping(() -> created[0] = SessionTimeouts.stamp(session.get(FlaskSession.CREATED_KEY),
                now.getEpochSecond()));
        long start = created[0] >= 0 ? Math.min(created[0], now.getEpochSecond()) : now.getEpochSecond();
        Instant latest = Instant.ofEpochSecond(start).plus(absolute);
        Instant expires = cookie.expires().orElse(latest);
        if (!expires.isAfter(latest)) {
            return cookie;
        }
        return remember.setCookie(settings(), LoginState.pythonStr(session.get(LoginState.USER_ID)), latest);
    }
}
