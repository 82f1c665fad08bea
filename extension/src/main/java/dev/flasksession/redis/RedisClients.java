package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one Redis client the application's sessions share. It is the application's own {@link UnifiedJedis} when a CDI
 * producer offers one (the application then closes it); otherwise one built from {@link RedisSessionSettings} on
 * first use and closed when the application stops.
 */
@ApplicationScoped
public class RedisClients {
    @Inject
    ConfigSource source;

    @Inject
    Instance<UnifiedJedis> applicationClient;

    private RedisSessionSettings settings;
    private UnifiedJedis client;
    private boolean owned;

    /** @return the Redis settings, read once */
    public synchronized RedisSessionSettings settings() {
        if (settings == null) {
            settings = RedisSessionSettings.from(source);
        }
        return settings;
    }

    /** @return the shared client */
    public synchronized UnifiedJedis client() {
        if (client == null) {
            if (applicationClient.isResolvable()) {
                client = applicationClient.get();
            } else {
                client = settings().connect();
                owned = true;
            }
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (owned && client != null) {
            client.close();
        }
        client = null;
    }
}
