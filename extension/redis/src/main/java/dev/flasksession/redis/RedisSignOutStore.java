package dev.flasksession.redis;

import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutStore;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * "Sign out everywhere" records in Redis: {@code SESSION_KEY_PREFIX + "signedout:" + user} holds the
 * {@link SignOut} as text, and expires when every session older than it would have expired anyway;
 * {@code SESSION_KEY_PREFIX + "rememberlogin:" + user} holds the user's last "remember me" login made here. Used by the Redis backend, and by cookie
 * backends when {@code SESSION_REDIS} is set.
 */
public final class RedisSignOutStore implements SignOutStore {
    private final Supplier<UnifiedJedis> client;
    private final RedisSessionSettings settings;

    /**
     * @param client   gives the Redis client when a command is sent
     * @param settings the key prefix and the {@code Retry-After} of a 503
     */
    public RedisSignOutStore(Supplier<UnifiedJedis> client, RedisSessionSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    private String key(String user) {
        return settings.keyPrefix() + "signedout:" + user;
    }

    @Override
    public Optional<SignOut> lastSignOut(String user) {
        try {
            String at = client.get().get(key(user));
            return at == null ? Optional.empty() : Optional.of(SignOut.fromText(at));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void signOut(String user, SignOut signOut, long keepForSeconds) {
        try {
            client.get().set(key(user), signOut.toText(), SetParams.setParams().ex(Math.max(1, keepForSeconds)));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Beside the sign-out record, under a prefix of its own, so that no user id can name another's record. */
    private String rememberKey(String user) {
        return settings.keyPrefix() + "rememberlogin:" + user;
    }

    @Override
    public Optional<SignOut> lastRememberLogin(String user) {
        try {
            String at = client.get().get(rememberKey(user));
            return at == null ? Optional.empty() : Optional.of(SignOut.fromText(at));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void rememberLogin(String user, SignOut login, long keepForSeconds) {
        try {
            client.get().set(rememberKey(user), login.toText(), SetParams.setParams().ex(Math.max(1, keepForSeconds)));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private SessionStoreUnavailableException unavailable(JedisException e) {
        return new SessionStoreUnavailableException("Redis is unavailable for sign-out records", settings.retryAfterSeconds(), e);
    }
}
