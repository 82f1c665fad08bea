package dev.flasksession.login;

/**
 * A CDI event, Flask-Login's {@code user_logged_in}: {@link CurrentUser#login} signed a user in.
 *
 * @param userId   the user's id
 * @param remember whether a remember-me cookie is set at the end of the request
 * @param fresh    whether the login is fresh
 */
public record UserLoggedIn(String userId, boolean remember, boolean fresh) {
}
