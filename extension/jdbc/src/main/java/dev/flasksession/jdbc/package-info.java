/**
 * Server-side sessions in an SQL database, wire-compatible with Flask-Session 0.8's {@code SqlAlchemySessionInterface}:
 * the same table ({@code id}, {@code session_id}, {@code data}, {@code expiry}), the same {@code session_id}
 * (prefix and id), msgspec's exact bytes in {@code data}, and {@code expiry} as a UTC timestamp without a time zone.
 *
 * <p>{@link dev.flasksession.jdbc.JdbcSessionSettings} holds the settings, {@link dev.flasksession.jdbc.JdbcConnections}
 * the shared {@code DataSource} (the application's, the container's, or a HikariCP pool), and
 * {@link dev.flasksession.jdbc.JdbcSessionInterface} is the backend. The SQL it sends is PostgreSQL's. Shipped as
 * {@code dev.flasksession:flask-session-jdbc}; HikariCP is needed only for {@code SESSION_JDBC_URL}.
 */
package dev.flasksession.jdbc;
