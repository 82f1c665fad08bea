package dev.flasksession.demo;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import dev.flasksession.jdbc.JdbcConnections;
import dev.flasksession.jdbc.JdbcSessionInterface;
import dev.flasksession.redis.RedisClients;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.session.EncryptedCookieSessionInterface;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the demo's backend from {@code SESSION_TYPE}: {@code securecookie} (the default), {@code encryptedcookie},
 * {@code redis}, {@code sqlalchemy} (Flask-Session's SQL table, on {@code SESSION_JDBC_URL}) or {@code null}. An application would choose in {@code beans.xml}; the demo reads a setting so one
 * jar can show every backend.
 *
 * <p>The class is an alternative with a priority, which enables its producer for the whole application and lets it
 * win over the library's default backend.
 */
@ApplicationScoped
@Alternative
@Priority(1000)
public class BackendSelector {
    /** The setting that names the backend. */
    public static final String SESSION_TYPE = "SESSION_TYPE";

    /** The backends the demo can run on. */
    enum SessionType {
        /** Flask's signed cookie. */
        SECURECOOKIE,
        /** The same cookie, encrypted: Flask cannot read it. */
        ENCRYPTEDCOOKIE,
        /** Flask-Session's Redis store. */
        REDIS,
        /** Flask-Session's SQLAlchemy table, through JDBC. */
        SQLALCHEMY,
        /** No sessions. */
        NULL
    }

    /** The demo's own setting, declared like the library's. */
    static final Setting<SessionType> TYPE = Setting.choice(SESSION_TYPE, SessionType.class, SessionType.SECURECOOKIE,
            "the demo's backend");

    /**
     * @param source where settings are read from
     * @param config the session settings
     * @param redis  the shared Redis client, used only for {@code SESSION_TYPE=redis}
     * @param jdbc   the shared SQL pool, used only for {@code SESSION_TYPE=sqlalchemy}
     * @return the backend {@code SESSION_TYPE} names
     * @throws SessionConfigException for an unknown {@code SESSION_TYPE}
     */
    @Produces
    SessionInterface backend(ConfigSource source, SessionConfig config, RedisClients redis, JdbcConnections jdbc) {
        return switch (TYPE.readOrDefault(source)) {
            case SECURECOOKIE -> new SecureCookieSessionInterface(config);
            case ENCRYPTEDCOOKIE -> new EncryptedCookieSessionInterface(config);
            case NULL -> new NullSessionInterface(config);
            case REDIS -> new RedisSessionInterface(config, redis);
            case SQLALCHEMY -> new JdbcSessionInterface(config, jdbc);
        };
    }
}
