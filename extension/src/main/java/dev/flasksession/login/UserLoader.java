package dev.flasksession.login;

import java.util.Optional;

/**
 * Flask-Login's {@code user_loader}: maps the id under {@code _user_id} to the application's own user. The library
 * never loads users itself; in a CDI application, one bean implementing this interface is the loader. Without one,
 * every id names a user. Answering empty ("no such user", a deleted or disabled account) counts as signed out, as
 * {@code user_loader} returning {@code None} does: the session keeps its keys, and the remember cookie is tried.
 */
@FunctionalInterface
public interface UserLoader {
    /**
     * @param userId the id as Flask-Login stores it (Python's {@code str()} of {@code _user_id})
     * @return the application's user, or empty when no user has that id any more
     */
    Optional<?> load(String userId);
}
