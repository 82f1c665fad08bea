package dev.flasksession.users;

import java.time.Duration;

/**
 * Logins that can outlive every session, such as Flask-Login's remember-me cookie: a sign-out everywhere must be
 * remembered at least as long as they last, or a login it ended comes back once its record is gone. In a CDI
 * application, a bean implementing this interface lengthens how long {@link UserSessions} keeps sign-out records.
 */
public interface LongLivedLogins {
    /** @return how long such a login lasts at the most, from when it was made */
    Duration longestLifetime();
}
