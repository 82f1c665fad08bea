package dev.flasksession.login;

import dev.flasksession.cdi.CurrentSession;
import dev.flasksession.flash.Flashes;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Flask-Login's {@code current_user}, {@code login_user}, {@code logout_user} and {@code confirm_login} for this
 * request, with exactly their effects on the session and the remember-me cookie, so a Flask app sharing the session
 * sees the same user. The user is loaded on first use, as Flask-Login loads it: session protection, then
 * {@code _user_id} through the {@link UserLoader}, then the remember-me cookie. The library never loads users; the
 * id is what it knows, and {@link #user} is what the application's loader made of it.
 */
@RequestScoped
public class CurrentUser {
    @Inject
    LoginManager manager;

    @Inject
    CurrentSession current;

    @Inject
    FlaskSession session;

    @Inject
    Event<UserLoggedIn> loggedIn;

    @Inject
    Event<UserLoggedOut> loggedOut;

    @Inject
    Event<UserLoadedFromCookie> loadedFromCookie;

    private static final Duration MAX_DURATION = Duration.ofDays(36_525);

    private boolean loaded;
    private boolean loadingForLogout;
    private String id;
    private Object user;

    /** @return the signed-in user's id ({@code current_user.get_id()}), or empty for an anonymous client */
    public Optional<String> id() {
        load();
        return Optional.ofNullable(id);
    }

    /** @return {@code current_user.is_authenticated} */
    public boolean isAuthenticated() {
        return id().isPresent();
    }

    /** @return {@code login_fresh()}: the login was made with a password in this session, not from the cookie */
    public boolean isFresh() {
        load();
        return state().isFresh();
    }

    /** @return the application's user, as its {@link UserLoader} made it; the id itself without a loader */
    public Optional<Object> user() {
        load();
        if (id != null && user == null) {
            user = manager.loadUser(id).orElse(null);
        }
        return Optional.ofNullable(user);
    }

    /**
     * @param type the application's user type
     * @param <U>  that type
     * @return the application's user, if one is signed in and is of that type
     */
    public <U> Optional<U> user(Class<U> type) {
        return user().filter(type::isInstance).map(type::cast);
    }

    /**
     * {@code login_user(user)}: a fresh login without the remember-me cookie.
     *
     * @param userId the user's id ({@code get_id()})
     */
    public void login(String userId) {
        login(userId, false, null, true);
    }

    /**
     * {@code login_user(user, remember=remember)}.
     *
     * @param userId   the user's id
     * @param remember whether to set the remember-me cookie at the end of the request
     */
    public void login(String userId, boolean remember) {
        login(userId, remember, null, true);
    }

    /**
     * {@code login_user(user, remember, duration, fresh=fresh)} for an active user. As in Flask-Login, the session
     * keeps its id; regenerate it ({@code @RegenerateSession}) to guard against session fixation.
     *
     * @param userId   the user's id
     * @param remember whether to set the remember-me cookie at the end of the request
     * @param duration the remember-me cookie's lifetime, or {@code null} for {@code REMEMBER_COOKIE_DURATION}
     * @param fresh    whether the login is fresh
     * @throws IllegalArgumentException when the id is not well-formed text, or the duration is negative or over 100
     *                                  years
     */
    public void login(String userId, boolean remember, Duration duration, boolean fresh) {
        if (userId == null || !isWellFormed(userId)) {
            throw new IllegalArgumentException("flask-session: a user id must be well-formed text");
        }
        if (duration != null && (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0)) {
            throw new IllegalArgumentException("flask-session: a remember-me duration must be 0 to 100 years");
        }
        String identifier = manager.identifier(request());
        if (remember) {
            // First: a store that is down fails the login (a 503) before the session holds it.
            manager.rememberIssued(userId, duration == null ? manager.settings().cookieDuration() : duration);
        }
        state().login(userId, remember, duration, fresh, identifier);
        loaded = true;
        id = userId;
        user = null;
        loggedIn.fire(new UserLoggedIn(userId, remember, fresh));
    }

    /**
     * {@code logout_user()}: loads the user first, as Flask-Login does, then removes the login from the session; a
     * remember-me cookie that came with the request is deleted at its end.
     */
    public void logout() {
        // Without the refusal check: the cookie is deleted either way, and a store outage must not stop a logout.
        loadingForLogout = true;
        try {
            load();
        } finally {
            loadingForLogout = false;
        }
        String was = id;
        String cookieName = manager.settings().cookieName();
        state().logout(request().cookie(cookieName).isPresent());
        id = null;
        user = null;
        loggedOut.fire(new UserLoggedOut(Optional.ofNullable(was)));
    }

    /** {@code confirm_login()}: the login is fresh again, made from this request. */
    public void confirmLogin() {
        state().confirmLogin(manager.identifier(request()));
    }

    /** @return whether this request passes the login checks unasked, as Flask-Login's {@code EXEMPT_METHODS} */
    boolean isExempt() {
        return "OPTIONS".equals(request().method());
    }

    /**
     * Flask-Login's {@code unauthorized()}: with {@code LOGIN_VIEW} set, flashes its "Please log in" message before
     * the redirect.
     */
    LoginRequiredException unauthorized() {
        Optional<String> view = manager.settings().loginView();
        view.ifPresent(v -> new Flashes(session).flash(LoginRequiredException.LOGIN_MESSAGE, Flashes.DEFAULT_CATEGORY));
        return new LoginRequiredException(false, view.orElse(null));
    }

    /** {@code _load_user()}, once per request. */
    private void load() {
        if (loaded) {
            return;
        }
        // First, so a loader that asks for the current user does not load again.
        loaded = true;
        SessionRequest request = request();
        LoginState state = state();
        if (state.protect(manager.identifier(request)) == LoginState.Protection.SIGNED_OUT) {
            return;
        }
        Object stored = session.get(LoginState.USER_ID);
        if (stored != null) {
            String storedId = LoginState.pythonStr(stored);
            Optional<?> found = manager.loadUser(storedId);
            if (found.isPresent()) {
                id = storedId;
                user = found.get();
                return;
            }
        }
        Optional<String> cookie = request.cookie(manager.settings().cookieName());
        if (cookie.isEmpty() || manager.rememberCookie().isEmpty() || "clear".equals(session.get(LoginState.REMEMBER))) {
            return;
        }
        Optional<String> named = manager.rememberCookie().get().decode(cookie.get());
        if (named.isEmpty() || (!loadingForLogout && manager.rememberRefused(named.get()))) {
            return;
        }
        Optional<String> restored = state.restoreFromCookie(cookie.get());
        if (restored.isPresent()) {
            Optional<?> found = manager.loadUser(restored.get());
            if (found.isPresent()) {
                id = restored.get();
                user = found.get();
                loadedFromCookie.fire(new UserLoadedFromCookie(id));
            }
        }
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private LoginState state() {
        // Without SECRET_KEY the session is the null one, which refuses every write; no cookie is ever read then.
        return new LoginState(manager.settings(), manager.rememberCookie().orElseGet(() -> new RememberCookie("-")),
                session);
    }

    private SessionRequest request() {
        return current.request().orElseThrow(() -> new IllegalStateException("flask-session: no request is running: "
                + "the current user exists only while the session filter handles a request"));
    }
}
