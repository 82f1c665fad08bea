package dev.flasksession.cdi;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.inject.Instance;

/**
 * A backend that {@code SESSION_TYPE} names and a store module supplies ({@code flask-session-redis},
 * {@code flask-session-jdbc}), listed in its {@code META-INF/services/dev.flasksession.cdi.SessionBackendType}. The
 * core finds it through {@link java.util.ServiceLoader}, so that it never compiles against a store, and an
 * application that uses only cookies carries no store client.
 */
public interface SessionBackendType {
    /** @return the {@code SESSION_TYPE} value that selects it, in lower case ({@code redis}) */
    String name();

    /** @return the class of the backend it makes */
    Class<? extends SessionInterface> type();

    /**
     * @param config the session settings
     * @param lookup where the shared clients (a Redis client, a connection pool) are looked up, only when needed
     * @return a new backend
     */
    SessionInterface create(SessionConfig config, Instance<Object> lookup);
}
