package dev.flasksession.demo;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.redis.RedisClients;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.session.NullSessionInterface;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionInterface;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;

/**
 * Chooses the demo's backend from {@code SESSION_TYPE}: {@code securecookie} (the default), {@code redis} or {@code null}. An
 * application would choose in {@code beans.xml}; the demo reads a setting so one jar can show every backend.
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

    /**
     * @param source where settings are read from
     * @param config the session settings
     * @param redis  the shared Redis client, used only for {@code SESSION_TYPE=redis}
     * @return the backend {@code SESSION_TYPE} names
     * @throws SessionConfigException for an unknown {@code SESSION_TYPE}
     */
    @Produces
    SessionInterface backend(ConfigSource source, SessionConfig config, RedisClients redis) {
        String type = SessionConfig.value(source, SESSION_TYPE).orElse("securecookie").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "securecookie" -> new SecureCookieSessionInterface(config);
            case "null" -> new NullSessionInterface(config);
            case "redis" -> new RedisSessionInterface(config, redis);
            default -> throw new SessionConfigException(SESSION_TYPE, "'" + type + "' is not a backend; use securecookie, redis or null");
        };
    }
}
