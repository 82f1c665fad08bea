package dev.flasksession.jdbc;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfigException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The one {@link DataSource} the application's sessions share, in this order: the application's own, when a CDI bean
 * produces one; the container's, looked up under {@code SESSION_JDBC_DATASOURCE}; or a HikariCP pool on
 * {@code SESSION_JDBC_URL}, made on first use and closed when the application stops. Never a connection per request
 * without a pool.
 *
 * <p>Named only so that Quarkus keeps the bean: its container removes beans that no injection point asks for, and
 * on Quarkus only the backend chosen by {@code SESSION_TYPE} asks for this one, by a lookup it cannot see.
 */
@ApplicationScoped
@Named("flaskSessionJdbcConnections")
public class JdbcConnections {
    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    @Inject
    ConfigSource source;

    @Inject
    Instance<DataSource> applicationDataSource;

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean tableReady = new AtomicBoolean();
    private volatile JdbcSessionSettings settings;
    private volatile DataSource dataSource;
    private boolean owned;

    /**
     * A method, not a field: callers hold a client proxy, whose own fields are empty.
     *
     * @return whether the table was made (or found) once; per application, not per backend instance
     */
    AtomicBoolean tableReady() {
        return tableReady;
    }

    /** @return the SQL settings, read once */
    public JdbcSessionSettings settings() {
        JdbcSessionSettings s = settings;
        if (s == null) {
            lock.lock();
            try {
                if (settings == null) {
                    settings = JdbcSessionSettings.from(source);
                }
                s = settings;
            } finally {
                lock.unlock();
            }
        }
        return s;
    }

    /**
     * Checks, without connecting, that a database is configured, so a deployment without one fails at once.
     *
     * @throws SessionConfigException naming what to set
     */
    public void checkConfigured() {
        if (applicationDataSource.isResolvable() || settings().dataSourceName().isPresent()) {
            return;
        }
        if (settings().url().isEmpty()) {
            throw new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_URL, "the SQL backend needs a database: "
                    + "produce a javax.sql.DataSource CDI bean, or set SESSION_JDBC_DATASOURCE to the container's "
                    + "DataSource's JNDI name, or set SESSION_JDBC_URL (with com.zaxxer:HikariCP and the driver on the "
                    + "class path)");
        }
        try {
            Class.forName(HIKARI, false, JdbcConnections.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_URL, "needs HikariCP, which is not on "
                    + "the class path: add com.zaxxer:HikariCP to the application, or use a container DataSource "
                    + "(SESSION_JDBC_DATASOURCE)");
        }
    }

    /**
     * @return the shared data source
     * @throws SessionConfigException when none is configured or the JNDI name is unknown
     */
    public DataSource dataSource() {
        DataSource d = dataSource;
        if (d != null) {
            return d;
        }
        lock.lock();
        try {
            if (dataSource == null) {
                checkConfigured();
                if (applicationDataSource.isResolvable()) {
                    dataSource = applicationDataSource.get();
                } else if (settings().dataSourceName().isPresent()) {
                    dataSource = lookup(settings().dataSourceName().get());
                } else {
                    dataSource = HikariPools.create(settings());
                    owned = true;
                }
            }
            return dataSource;
        } finally {
            lock.unlock();
        }
    }

    private static DataSource lookup(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource ds) {
                return ds;
            }
            throw new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_DATASOURCE, "'" + name + "' names a "
                    + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_DATASOURCE, "'" + name + "' cannot be "
                    + "looked up: " + e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        lock.lock();
        try {
            if (owned && dataSource != null) {
                HikariPools.close(dataSource);
            }
            dataSource = null;
        } finally {
            lock.unlock();
        }
    }
}
