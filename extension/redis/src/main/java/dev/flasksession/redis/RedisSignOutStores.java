package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.users.BuiltIn;
import dev.flasksession.users.SignOutStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Offers the Redis sign-out records as the library's {@link BuiltIn} {@link SignOutStore} whenever Redis is
 * configured: on the Redis backend's own Redis, or else on {@code SESSION_REDIS}'s, so that cookie backends can sign
 * out everywhere too. The users package asks for the store without knowing where it lives.
 */
@Dependent
public class RedisSignOutStores {
    /** Called by the container. */
    public RedisSignOutStores() {
    }

    /**
     * @param backend the active backend
     * @param source  where {@code SESSION_REDIS} is read
     * @param clients the shared Redis client, made only when Redis is configured
     * @return the Redis sign-out records, or {@code null} (allowed for a dependent bean) when Redis is not configured
     */
    @Produces
    @Dependent
    @BuiltIn
    SignOutStore redisSignOutStore(SessionInterface backend, ConfigSource source, Instance<RedisClients> clients) {
        if (backend instanceof RedisSessionInterface redis) {
            return redis.signOutStore();
        }
        if (source.get(RedisSessionSettings.SESSION_REDIS).isPresent()) {
            RedisClients shared = clients.get();
            return new RedisSignOutStore(shared::client, shared.settings());
        }
        return null;
    }
}
