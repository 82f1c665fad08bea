package dev.flasksession.redis;

import dev.flasksession.cdi.SessionBackendType;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.inject.Instance;

/**
 * Offers {@code SESSION_TYPE=redis} to the core through {@link java.util.ServiceLoader}, where {@code beans.xml} cannot
 * choose the backend (Quarkus, the demo): present exactly when this artifact is on the class path.
 */
public final class RedisBackendType implements SessionBackendType {
    /** Called by {@link java.util.ServiceLoader}. */
    public RedisBackendType() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Class<? extends SessionInterface> type() {
        return RedisSessionInterface.class;
    }

    @Override
    public SessionInterface create(SessionConfig config, Instance<Object> lookup) {
        return new RedisSessionInterface(config, lookup.select(RedisClients.class).get());
    }
}
