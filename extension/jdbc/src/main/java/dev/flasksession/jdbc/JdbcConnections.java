package dev.flasksession.jdbc;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfigException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
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
    private static final Logger LOG = Logger.getLogger(JdbcConnections.class.getName());

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
     * Looks the {@code SESSION_JDBC_DATASOURCE} name up as the application starts, so a name the container does not
     * know fails the deployment, not the first request. Only when the SQL backend is in use: the deployment check
     * that creates it creates this bean, and otherwise this observer is not called.
     *
     * <p>The event comes as the web module starts, with its {@code ServletContext}, when the application's names are
     * bound: then an unknown name is an error. GlassFish and Payara fire it once before, from the CDI container
     * alone, when an application-defined data source is not bound yet: then a failed lookup waits for the web
     * module's event (or the first use).
     *
     * @param started the {@code ServletContext}, or another object where the event does not come from a web module
     * @throws SessionConfigException naming {@code SESSION_JDBC_DATASOURCE} when the name is unknown
     */
    void lookUpAtStart(@Observes(notifyObserver = Reception.IF_EXISTS) @Initialized(ApplicationScoped.class)
            Object started) {
        if (dataSource != null || applicationDataSource.isResolvable() || settings().dataSourceName().isEmpty()) {
            return;
        }
        String name = settings().dataSourceName().get();
        lock.lock();
        try {
            if (dataSource == null) {
                dataSource = checked(name, new InitialContext().lookup(name));
            }
        } catch (NamingException e) {
            if (e instanceof NoInitialContextException || isA(started.getClass(), "jakarta.servlet.ServletContext")) {
                throw unknown(name, e);
            }
            LOG.fine(() -> "flask-session: " + JdbcSessionSettings.SESSION_JDBC_DATASOURCE + " '" + name
                    + "' is not bound yet; it is looked up again as the web module starts");
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code type} is, or implements, the named type; by name, so no Servlet API is needed. */
    private static boolean isA(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name) || isA(type.getSuperclass(), name)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isA(i, name)) {
                return true;
            }
        }
        return false;
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
            return checked(name, new InitialContext().lookup(name));
        } catch (NamingException e) {
            throw unknown(name, e);
        }
    }

    private static DataSource checked(String name, Object found) {
        if (found instanceof DataSource ds) {
            return ds;
        }
        throw new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_DATASOURCE, "'" + name + "' names a "
                + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
    }

    private static SessionConfigException unknown(String name, NamingException e) {
        return new SessionConfigException(JdbcSessionSettings.SESSION_JDBC_DATASOURCE, "'" + name + "' cannot be "
                + "looked up: " + e.getMessage());
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
