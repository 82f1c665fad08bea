package dev.flasksession.demo;

import dev.flasksession.cdi.SessionType;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.SessionInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the demo's backend from {@code SESSION_TYPE} (see {@link SessionType}): {@code securecookie} (the default),
 * {@code encryptedcookie}, {@code redis}, {@code sqlalchemy} (Flask-Session's SQL table, on {@code SESSION_JDBC_URL})
 * or {@code null}. An application would choose in {@code beans.xml}; the demo reads a setting so one jar can show
 * every backend.
 *
 * <p>The class is an alternative with a priority, which enables its producer for the whole application and lets it
 * win over the library's default backend.
 */
@ApplicationScoped
@Alternative
@Priority(1000)
public class BackendSelector {
    /** The setting that names the backend. */
    public static final String SESSION_TYPE = SessionType.SETTING.name();

    /**
     * @param source where settings are read from
     * @param config the session settings
     * @param lookup where a store finds its shared client (the Redis client, the SQL pool), only when chosen
     * @return the backend {@code SESSION_TYPE} names
     * @throws SessionConfigException for an unknown {@code SESSION_TYPE}
     */
    @Produces
    SessionInterface backend(ConfigSource source, SessionConfig config, Instance<Object> lookup) {
        return SessionType.configured(source).create(config, lookup);
    }
}
