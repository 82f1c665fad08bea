package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one Redis client the application's sessions share. It is the application's own {@link UnifiedJedis} when a CDI
 * producer offers one (the application then closes it); otherwise one built from {@link RedisSessionSettings} on
 * first use and closed when the application stops.
 *
 * <p>Named only so that Quarkus keeps the bean: its container removes beans that no injection point asks for, and
 * on Quarkus only the backend chosen by {@code SESSION_TYPE} asks for this one, by a lookup it cannot see.
 */
@ApplicationScoped
@Named("flaskSessionRedisClients")
public class RedisClients {
    @Inject
    ConfigSource source;

    @Inject
    Instance<UnifiedJedis> applicationClient;

    private volatile RedisSessionSettings settings;
    private volatile UnifiedJedis client;
    private boolean owned;
    private boolean closed;
    private CompletableFuture<UnifiedJedis> making;
    private JedisException lastFailure;
    private long retryAtNanos;

    /** @return the Redis settings, read once */
    public RedisSessionSettings settings() {
        RedisSessionSettings s = settings;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (settings == null) {
                settings = RedisSessionSettings.from(source);
            }
            return settings;
        }
    }

    /**
     * A Sentinel or Cluster client asks its nodes for the topology when it is made, so making it can fail while Redis
     * is down. Then each request gets a 503 (through the {@link JedisException}) and the client is made again on a
     * later request, at most once a second, so that waiting requests do not each spend a connect timeout on it.
     *
     * <p>Making it asks the nodes one after the other, each for up to the socket timeout: with every node slow that
     * took 3 s for a 3-node Cluster at a 1 s timeout, and every request queued behind it. So it is made on a thread
     * of its own, and a request waits for it at most the socket timeout, as it would for any command.
     *
     * @return the shared client
     * @throws JedisException when the client cannot be made yet
     */
    public UnifiedJedis client() {
        UnifiedJedis ready = client;
        if (ready != null) {
            // Every command asks for the client: once it is made, no lock is taken.
            return ready;
        }
        CompletableFuture<UnifiedJedis> pending;
        synchronized (this) {
            if (client != null) {
                return client;
            }
            if (applicationClient.isResolvable()) {
                client = applicationClient.get();
                return client;
            }
            if (making == null) {
                if (lastFailure != null && System.nanoTime() - retryAtNanos < 0) {
                    throw lastFailure;
                }
                CompletableFuture<UnifiedJedis> attempt = new CompletableFuture<>();
                making = attempt;
                RedisSessionSettings s = settings();
                Thread maker = new Thread(() -> make(s, attempt), "flask-session-redis-connect");
                maker.setDaemon(true);
                maker.start();
            }
            pending = making;
        }
        try {
            return pending.get(settings().socketTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JedisConnectionException("Redis did not answer within the socket timeout while the client was made");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new JedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("Interrupted while the Redis client was made", e);
        }
    }

    private void make(RedisSessionSettings s, CompletableFuture<UnifiedJedis> attempt) {
        UnifiedJedis made;
        try {
            made = s.connect();
        } catch (RuntimeException e) {
            synchronized (this) {
                making = null;
                if (e instanceof JedisException je) {
                    lastFailure = je;
                    retryAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
            attempt.completeExceptionally(e);
            return;
        }
        boolean kept;
        synchronized (this) {
            making = null;
            kept = !closed;
            if (kept) {
                client = made;
                owned = true;
                lastFailure = null;
            }
        }
        if (!kept) {
            // The application stopped while the client was made: nobody else will close it.
            made.close();
            attempt.completeExceptionally(new JedisConnectionException("The application is stopping"));
        } else {
            attempt.complete(made);
        }
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (owned && client != null) {
            client.close();
        }
        client = null;
    }
}
