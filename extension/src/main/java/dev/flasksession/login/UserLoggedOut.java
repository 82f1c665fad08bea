package dev.flasksession.login;

import java.util.Optional;

/**
 * A CDI event, Flask-Login's {@code user_logged_out}: {@link CurrentUser#logout} ran.
 *
 * @param userId the user who was signed in, if anyone was
 */
public record UserLoggedOut(Optional<String> userId) {
}
