package dev.flasksession.cdi;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.Setting;
import dev.flasksession.jdbc.JdbcConnections;
import dev.flasksession.jdbc.JdbcSessionInterface;
import dev.flasksession.redis.RedisClients;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.session.EncryptedCookieSessionInterface;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import java.util.List;
import java.util.function.Supplier;

/**
 * The backend named by {@code SESSION_TYPE}, Flask-Session's setting, for containers where {@code beans.xml} cannot
 * choose: Quarkus ignores {@code <alternatives>} (see {@link FlaskSessionBuildExtension}), and the demo runs every
 * backend from one jar. On a Jakarta EE server the choice stays in {@code beans.xml} and this setting is not read.
 */
public enum SessionType {
    /** Flask's signed cookie (Flask's default, with no {@code SESSION_TYPE}). */
    SECURECOOKIE,
    /** The same cookie, encrypted: Flask cannot read it. */
    ENCRYPTEDCOOKIE,
    /** Flask-Session's Redis store. */
    REDIS,
    /** Flask-Session's SQLAlchemy table, through JDBC. */
    SQLALCHEMY,
    /** No sessions: every session is empty and read-only. */
    NULL;

    /** The setting, declared like every other. */
    public static final Setting<SessionType> SETTING = Setting.choice("SESSION_TYPE", SessionType.class, SECURECOOKIE,
            "the backend, where `beans.xml` cannot choose it (Quarkus, the demo)");

    /** The settings table of this choice, for the README. */
    public static final List<Setting<?>> SETTINGS = List.of(SETTING);

    /**
     * @param source where settings are read from
     * @return the type {@code SESSION_TYPE} names, {@link #SECURECOOKIE} when unset
     * @throws dev.flasksession.config.SessionConfigException for a value that names no backend
     */
    public static SessionType configured(ConfigSource source) {
        return SETTING.readOrDefault(source);
    }

    /**
     * @param config the session settings
     * @param redis  the shared Redis clients, asked for only by {@link #REDIS}
     * @param jdbc   the shared SQL connections, asked for only by {@link #SQLALCHEMY}
     * @return a new backend of this type
     */
    public SessionInterface create(SessionConfig config, Supplier<RedisClients> redis, Supplier<JdbcConnections> jdbc) {
        return switch (this) {
            case SECURECOOKIE -> new SecureCookieSessionInterface(config);
            case ENCRYPTEDCOOKIE -> new EncryptedCookieSessionInterface(config);
            case NULL -> new NullSessionInterface(config);
            case REDIS -> new RedisSessionInterface(config, redis.get());
            case SQLALCHEMY -> new JdbcSessionInterface(config, jdbc.get());
        };
    }
}
