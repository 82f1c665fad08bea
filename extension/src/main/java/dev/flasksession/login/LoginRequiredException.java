package dev.flasksession.login;

import java.util.Optional;

/**
 * {@link LoginRequired} or {@link FreshLoginRequired} refused the call: Flask-Login's {@code unauthorized()} or
 * {@code needs_refresh()}. The JAX-RS integration answers it with a 401, or with a redirect to {@code LOGIN_VIEW}
 * (and {@code next}) when that is set.
 */
public class LoginRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Flask-Login's {@code LOGIN_MESSAGE}. */
    public static final String LOGIN_MESSAGE = "Please log in to access this page.";
    /** Flask-Login's {@code REFRESH_MESSAGE}. */
    public static final String REFRESH_MESSAGE = "Please reauthenticate to access this page.";

    private final boolean needsRefresh;
    private final String loginView;

    /**
     * @param needsRefresh whether a user is signed in but the login is not fresh
     * @param loginView    where to redirect, or {@code null} for a 401
     */
    public LoginRequiredException(boolean needsRefresh, String loginView) {
        super(needsRefresh ? REFRESH_MESSAGE : LOGIN_MESSAGE);
        this.needsRefresh = needsRefresh;
        this.loginView = loginView;
    }

    /** @return whether a user is signed in but must log in again ({@code needs_refresh}) */
    public boolean needsRefresh() {
        return needsRefresh;
    }

    /** @return where to redirect ({@code LOGIN_VIEW}); empty for a 401 */
    public Optional<String> loginView() {
        return Optional.ofNullable(loginView);
    }
}
