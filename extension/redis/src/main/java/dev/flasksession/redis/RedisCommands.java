package dev.flasksession.redis;

import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.store.StoreOutages;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How the Redis backend sends a command: through the client it is given when the command is sent, with Redis's
 * failures told apart for {@link StoreOutages} (a Redis that cannot be reached, or cannot serve yet, is an outage; one
 * that answered with an error refused), and with session ids cut from every message that is logged.
 */
final class RedisCommands {
    /** The Redis backends' log, under the backend's name, as it has always been. */
    static final Logger LOG = Logger.getLogger(RedisSessionInterface.class.getName());
    /** Shared by every Redis backend, so an outage is logged once, not once per injection point. */
    private static final StoreOutages OUTAGES = new StoreOutages(LOG, "Redis", "Redis", "command");
    /** Error codes of a Redis that is up but cannot serve yet: see {@link #transientAsOutage}. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN",
            "READONLY");

    private final Supplier<UnifiedJedis> client;
    private final RedisSessionSettings settings;
    /** {@code PERMANENT_SESSION_LIFETIME}: the TTL of every stored session. */
    final long ttlSeconds;

    RedisCommands(Supplier<UnifiedJedis> client, RedisSessionSettings settings, long ttlSeconds) {
        this.client = client;
        this.settings = settings;
        this.ttlSeconds = ttlSeconds;
    }

    UnifiedJedis redis() {
        return client.get();
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the key of a session's value: {@code SESSION_KEY_PREFIX + id} */
    byte[] sessionKey(String sid) {
        return bytes(settings.keyPrefix() + sid);
    }

    /**
     * @param command one or more Redis commands
     * @return what they answered
     * @throws SessionStoreUnavailableException when Redis is away or refused
     */
    <T> T call(Supplier<T> command) {
        T result;
        long started = OUTAGES.started();
        try {
            result = transientAsOutage(command);
        } catch (JedisDataException e) {
            String refusal = redact(e.getMessage());
            throw OUTAGES.refused(refusal.split(" ", 2)[0], refusal, "Redis is reachable: check its configuration "
                    + "(maxmemory, ACLs, renamed commands)", settings.retryAfterSeconds());
        } catch (JedisException e) {
            throw OUTAGES.gone(e, e.getClass().getSimpleName() + ": " + redact(e.getMessage()),
                    settings.retryAfterSeconds());
        }
        OUTAGES.answered(started);
        return result;
    }

    /**
     * Some errors are Redis saying "not now" rather than "never": a restarted server loading its data, a failover or a
     * cluster re-forming, a long script. They are outages (logged once, with a line when Redis is back), not
     * refusals telling the operator to fix the configuration; seen for real with LOADING after a restart.
     */
    private static <T> T transientAsOutage(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisDataException e) {
            String code = e.getMessage() == null ? "" : e.getMessage().split(" ", 2)[0];
            if (TRANSIENT_ERRORS.contains(code)) {
                throw new JedisConnectionException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Deletes a key a failed save left behind, if Redis lets it; else the key expires with its TTL. */
    void deleteBestEffort(byte[] key) {
        try {
            call(() -> redis().del(key));
        } catch (SessionStoreUnavailableException e) {
            LOG.log(Level.FINE, "An orphaned new session key could not be deleted; it expires with its TTL", e);
        }
    }

    /**
     * @param message why
     * @return a 503 that is neither an outage nor a refusal of Redis's
     */
    SessionStoreUnavailableException unavailable(String message) {
        return new SessionStoreUnavailableException(message, settings.retryAfterSeconds(), null);
    }

    /**
     * Redis repeats a refused command's arguments in its error, and those hold the session key. Everything from the
     * arguments on is cut, and any key that still shows is reduced to its prefix, so no log line holds a session id.
     *
     * @param message an error message from Redis or the client
     * @return the message without session ids
     */
    String redact(String message) {
        return StoreOutages.redact(message, m -> {
            int args = m.indexOf(", with args");
            return args < 0 ? m : m.substring(0, args);
        }, settings.keyPrefix(), "'\"\\s");
    }
}
