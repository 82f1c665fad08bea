package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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

    private final ReentrantLock lock = new ReentrantLock();
    private volatile RedisSessionSettings settings;
    private volatile UnifiedJedis client;
    private boolean owned;
    private volatile JedisException lastFailure;
    private volatile long retryAtNanos;

    /** @return the Redis settings, read once */
    public RedisSessionSettings settings() {
        RedisSessionSettings s = settings;
        if (s == null) {
            lock.lock();
            try {
                if (settings == null) {
                    settings = RedisSessionSettings.from(source);
                }
                s = settings;
            } finally {
                lock.unlock();
            }
        }
        return s;
    }

    /**
     * A Sentinel or Cluster client asks its nodes for the topology when it is made, so making it can fail while Redis
     * is down. Then each request gets a 503 (through the {@link JedisException}) and the client is made again on a
     * later request, at most once a second. While one request tries, the others get the last failure at once rather
     * than queue behind its connect timeouts.
     *
     * @return the shared client
     * @throws JedisException when the client cannot be made yet
     */
    public UnifiedJedis client() {
        UnifiedJedis c = client;
        if (c != null) {
            return c;
        }
        if (!lock.tryLock()) {
            JedisException failure = lastFailure;
            if (failure != null) {
                throw failure;
            }
            lock.lock();
        }
        try {
            if (client == null) {
                if (applicationClient.isResolvable()) {
                    client = applicationClient.get();
                } else {
                    JedisException failure = lastFailure;
                    if (failure != null && System.nanoTime() - retryAtNanos < 0) {
                        throw failure;
                    }
                    try {
                        client = settings().connect();
                        owned = true;
                        lastFailure = null;
                    } catch (JedisException e) {
                        retryAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                        lastFailure = e;
                        throw e;
                    }
                }
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() {
        lock.lock();
        try {
            if (owned && client != null) {
                client.close();
            }
            client = null;
        } finally {
            lock.unlock();
        }
    }
}
