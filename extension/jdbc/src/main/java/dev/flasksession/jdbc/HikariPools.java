package dev.flasksession.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * Builds the HikariCP pool behind {@code SESSION_JDBC_URL}. Kept apart so that HikariCP, which the application
 * provides, is loaded only when that setting is used.
 */
final class HikariPools {
    private HikariPools() {
    }

    /**
     * @param settings where the database is
     * @return a pool that connects on first use, so a database down at start-up is a 503 per request rather than a
     *     failed deployment
     */
    static DataSource create(JdbcSessionSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("flask-session");
        config.setJdbcUrl(settings.url().orElseThrow());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.maxConnections());
        config.setMinimumIdle(Math.min(2, settings.maxConnections()));
        config.setConnectionTimeout(settings.connectTimeoutMillis());
        config.setValidationTimeout(Math.min(settings.connectTimeoutMillis(), 1000));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** @param pool a pool from {@link #create} */
    static void close(DataSource pool) {
        ((HikariDataSource) pool).close();
    }
}
