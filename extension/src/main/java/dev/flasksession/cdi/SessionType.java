package dev.flasksession.cdi;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.Setting;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.EncryptedCookieSessionInterface;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The backend named by {@code SESSION_TYPE}, Flask-Session's setting, for containers where {@code beans.xml} cannot
 * choose: Quarkus ignores {@code <alternatives>} (see {@link FlaskSessionBuildExtension}), and the demo runs every
 * backend from one jar. On a Jakarta EE server the choice stays in {@code beans.xml} and this setting is not read.
 *
 * <p>The stores live in their own artifacts, found through {@link SessionBackendType}: naming one whose artifact is
 * not on the class path fails when the backend is made, naming the setting and the artifact to add.
 */
public enum SessionType {
    /** Flask's signed cookie (Flask's default, with no {@code SESSION_TYPE}). */
    SECURECOOKIE,
    /** The same cookie, encrypted: Flask cannot read it. */
    ENCRYPTEDCOOKIE,
    /** Flask-Session's Redis store, in {@code flask-session-redis}. */
    REDIS,
    /** Flask-Session's SQLAlchemy table, through JDBC, in {@code flask-session-jdbc}. */
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
     * @param lookup where a store's shared clients are looked up, only by a store
     * @return a new backend of this type
     * @throws SessionConfigException for a store whose artifact is not on the class path
     */
    public SessionInterface create(SessionConfig config, Instance<Object> lookup) {
        return switch (this) {
            case SECURECOOKIE -> new SecureCookieSessionInterface(config);
            case ENCRYPTEDCOOKIE -> new EncryptedCookieSessionInterface(config);
            case NULL -> new NullSessionInterface(config);
            case REDIS -> store("flask-session-redis").create(config, lookup);
            case SQLALCHEMY -> store("flask-session-jdbc").create(config, lookup);
        };
    }

    private SessionBackendType store(String artifact) {
        String name = name().toLowerCase(Locale.ROOT);
        return find(name).orElseThrow(() -> new SessionConfigException(SETTING.name(), SETTING.name() + "=" + name
                + " needs dev.flasksession:" + artifact + " on the class path (add it to the application's dependencies)"));
    }

    private static Optional<SessionBackendType> find(String name) {
        // The context loader sees a WAR's WEB-INF/lib, where this class's own loader may be a server's shared one.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ClassLoader l : loader == null ? List.of(SessionType.class.getClassLoader())
                : List.of(loader, SessionType.class.getClassLoader())) {
            for (SessionBackendType type : ServiceLoader.load(SessionBackendType.class, l)) {
                if (type.name().equals(name)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }
}
