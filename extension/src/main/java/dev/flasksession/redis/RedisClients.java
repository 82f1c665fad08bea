package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

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
    private JedisException lastFailure;
    private long retryAtNanos;

    /** @return the Redis settings, read once */
    public synchronized RedisSessionSettings settings() {
        if (settings == null) {
            settings = RedisSessionSettings.from(source);
        }
        return settings;
    }

    /**
     * A Sentinel or Cluster client asks its nodes for the topology when it is made, so making it can fail while Redis
     * is down. Then each request gets a 503 (through the {@link JedisException}) and the client is made again on a
     * later request, at most once a second, so that waiting requests do not each spend a connect timeout on it.
     *
     * @return the shared client
     * @throws JedisException when the client cannot be made yet
     */
    public synchronized UnifiedJedis client() {
        if (client == null) {
            if (applicationClient.isResolvable()) {
                client = applicationClient.get();
            } else {
                if (lastFailure != null && System.nanoTime() - retryAtNanos < 0) {
                    throw lastFailure;
                }
                try {
                    client = settings().connect();
                    owned = true;
                    lastFailure = null;
                } catch (JedisException e) {
                    lastFailure = e;
                    retryAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    throw e;
                }
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
