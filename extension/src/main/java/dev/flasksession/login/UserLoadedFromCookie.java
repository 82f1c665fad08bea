package dev.flasksession.login;

/**
 * A CDI event, Flask-Login's {@code user_loaded_from_cookie}: the session had no user, and the remember-me cookie
 * signed one in (not fresh).
 *
 * @param userId the user's id
 */
public record UserLoadedFromCookie(String userId) {
}
