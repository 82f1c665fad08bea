package dev.flasksession.jdbc;

import dev.flasksession.cdi.SessionBackendType;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.inject.Instance;

/**
 * Offers {@code SESSION_TYPE=sqlalchemy} to the core through {@link java.util.ServiceLoader}, where {@code beans.xml} cannot
 * choose the backend (Quarkus, the demo): present exactly when this artifact is on the class path.
 */
public final class JdbcBackendType implements SessionBackendType {
    /** Called by {@link java.util.ServiceLoader}. */
    public JdbcBackendType() {
    }

    @Override
    public String name() {
        return "sqlalchemy";
    }

    @Override
    public Class<? extends SessionInterface> type() {
        return JdbcSessionInterface.class;
    }

    @Override
    public SessionInterface create(SessionConfig config, Instance<Object> lookup) {
        return new JdbcSessionInterface(config, lookup.select(JdbcConnections.class).get());
    }
}
