package dev.flasksession.jdbc;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.store.SaveOutcome;
import dev.flasksession.store.ServerSideSession;
import dev.flasksession.store.ServerSideSessionInterface;
import dev.flasksession.store.StoreOutages;
import dev.flasksession.session.SessionStoreUnavailableException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Flask-Session 0.8's {@code SqlAlchemySessionInterface} on plain JDBC: the cookie holds a random id (signed when
 * {@code SESSION_USE_SIGNER} is on), the row whose {@code session_id} is {@code SESSION_KEY_PREFIX + id} holds
 * msgspec's bytes in {@code data} and, in {@code expiry}, the naive UTC time {@code PERMANENT_SESSION_LIFETIME} from
 * the last save, as Flask-Session writes them. A Flask app with Flask-Session on the same table, prefix and key
 * shares its sessions with this service. The SQL is PostgreSQL's.
 *
 * <p>Fewer statements than Flask-Session: opening is one {@code SELECT} (an {@code UPDATE ... RETURNING} that also
 * renews {@code expiry} when {@code SESSION_REFRESH_EACH_REQUEST} is on, so an unmodified session is never rewritten);
 * saving a modified one is one upsert ({@code INSERT ... ON CONFLICT (session_id) DO UPDATE}, on the unique constraint
 * Flask-Session's table has); an emptied one is one {@code DELETE}. Regenerating writes the new row and deletes the
 * old one in one statement, so a failure leaves the old session readable. An expired row reads as absent; expired rows
 * are deleted with a chance of 1 in {@code SESSION_CLEANUP_N_REQUESTS + 1} per request that carries a session id, as
 * Flask-Session does per request.
 * The table is created as Flask-Session creates it, once, when it does not exist.
 *
 * <p>When the database cannot be reached, opening or saving throws {@link SessionStoreUnavailableException} (a 503
 * with {@code Retry-After}); one log line says it went away and one that it came back. No log line holds a session
 * id or a password. Select this backend as an alternative.
 */
@Alternative
@Dependent
public class JdbcSessionInterface extends ServerSideSessionInterface {
    private static final Logger LOG = Logger.getLogger(JdbcSessionInterface.class.getName());
    /** Shared by every SQL backend, so an outage is logged once, not once per injection point. */
    private static final StoreOutages OUTAGES = new StoreOutages(LOG, "the session database", "the database",
            "statement");
    /** SQLStates of a connection that went away: class 08, and PostgreSQL's shutdown and start-up states. */
    private static final List<String> GONE = List.of("08", "57P01", "57P02", "57P03");

    private final JdbcSessionSettings settings;
    private final Supplier<DataSource> dataSource;
    private final AtomicBoolean tableReady;
    private final long lifetimeSeconds;
    private final String select;
    private final String renew;
    private final String selectProving;
    private final String touch;
    private final String upsert;
    private final String moveAndUpsert;
    private final String delete;
    private final String cleanup;
    private final String create;

    /**
     * @param config      the session settings
     * @param connections the shared data source and its settings
     */
    @Inject
    public JdbcSessionInterface(SessionConfig config, JdbcConnections connections) {
        this(config, connections.settings(), connections::dataSource, connections.tableReady(), Clock.systemUTC());
        connections.checkConfigured();
    }

    /**
     * @param config     the session settings
     * @param settings   the SQL settings
     * @param dataSource gives the pool when a statement is sent; not closed here
     * @param clock      the source of "now" for cookies and {@code expiry}
     * @throws SessionConfigException when {@code SESSION_USE_SIGNER} is on without a {@code SECRET_KEY}, or the
     *                                lifetime is 0
     */
    public JdbcSessionInterface(SessionConfig config, JdbcSessionSettings settings, Supplier<DataSource> dataSource,
                                Clock clock) {
        this(config, settings, dataSource, new AtomicBoolean(), clock);
    }

    private JdbcSessionInterface(SessionConfig config, JdbcSessionSettings settings, Supplier<DataSource> dataSource,
                                 AtomicBoolean tableReady, Clock clock) {
        super(config, settings, clock);
        this.settings = settings;
        this.dataSource = dataSource;
        this.tableReady = tableReady;
        this.lifetimeSeconds = config.permanentSessionLifetime().toSeconds();
        if (lifetimeSeconds < 1) {
            throw new SessionConfigException(SessionConfig.PERMANENT_SESSION_LIFETIME, "must be at least 1 second with "
                    + "the SQL backend: every row expires that long after it is saved");
        }
        if (config.trackUsers()) {
            // Refused rather than ignored: an application relying on "sign out everywhere" would keep every session.
            throw new SessionConfigException(config.maxPerUser() > 0 ? SessionConfig.SESSION_MAX_PER_USER
                    : SessionConfig.SESSION_TRACK_USERS, "is not available on the SQL backend: the user index, the "
                    + "devices list, sign out everywhere and the cap per user exist only on Redis. Turn it off, or "
                    + "use the Redis backend");
        }
        String t = settings.qualifiedTable();
        this.select = "SELECT data FROM " + t + " WHERE session_id = ? AND expiry > ?";
        this.renew = "UPDATE " + t + " SET expiry = ? WHERE session_id = ? AND expiry > ? RETURNING data";
        // With a timeout or user tracking: the expiry tells when the row was last written, the start a session
        // without time stamps is measured from, so it is read before anything renews it; the save renews.
        this.selectProving = "SELECT data, expiry FROM " + t + " WHERE session_id = ? AND expiry > ?";
        this.touch = "UPDATE " + t + " SET expiry = ? WHERE session_id = ?";
        String insert = "INSERT INTO " + t + " (session_id, data, expiry) VALUES (?, ?, ?) ON CONFLICT (session_id) "
                + "DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry";
        this.upsert = insert;
        // Data-modifying CTEs run in the one statement's snapshot: the old row goes only if the new one is written.
        this.moveAndUpsert = "WITH old AS (DELETE FROM " + t + " WHERE session_id = ?) " + insert;
        this.delete = "DELETE FROM " + t + " WHERE session_id = ? OR session_id = ?";
        this.cleanup = "DELETE FROM " + t + " WHERE expiry <= ? OR expiry IS NULL";
        // What Flask-SQLAlchemy emits for Flask-Session's model on PostgreSQL, so either side may create it.
        this.create = "CREATE TABLE IF NOT EXISTS " + t + " (id SERIAL NOT NULL, session_id VARCHAR("
                + JdbcSessionSettings.SESSION_ID_COLUMN_LENGTH + "), data BYTEA, expiry TIMESTAMP WITHOUT TIME ZONE, "
                + "PRIMARY KEY (id), UNIQUE (session_id))";
    }

    /** @return the SQL settings */
    public JdbcSessionSettings settings() {
        return settings;
    }

    /**
     * One {@code SELECT}; with {@code SESSION_REFRESH_EACH_REQUEST} (and no times to prove), an {@code UPDATE ...
     * RETURNING} that renews {@code expiry} in the same statement. With a chance of 1 in
     * {@code SESSION_CLEANUP_N_REQUESTS + 1}, expired rows are deleted first, as Flask-Session does per request; only
     * on requests that reach the table anyway, so that requests without a session never touch the database.
     */
    @Override
    protected Stored read(String sid) {
        int n = settings.cleanupEveryNRequests();
        // Flask-Session's random.randint(0, N) == 0.
        if (n > 0 && ThreadLocalRandom.current().nextInt(n + 1) == 0) {
            deleteExpired();
        }
        String key = storeKey(sid);
        LocalDateTime now = now();
        boolean proving = needsProvenTimes();
        return sql(c -> {
            boolean refresh = config().refreshEachRequest() && !proving;
            try (PreparedStatement s = c.prepareStatement(proving ? selectProving : refresh ? renew : select)) {
                s.setQueryTimeout(settings.queryTimeoutSeconds());
                if (refresh) {
                    s.setObject(1, expiryFrom(now));
                    s.setString(2, key);
                    s.setObject(3, now);
                } else {
                    s.setString(1, key);
                    s.setObject(2, now);
                }
                try (ResultSet rs = s.executeQuery()) {
                    return !rs.next() ? null
                            : new Stored(rs.getBytes(1), proving ? writtenAtMillis(rs.getObject(2, LocalDateTime.class)) : null);
                }
            }
        });
    }

    /**
     * @return when a row with this {@code expiry} was last written: one lifetime before it; {@code null}, proving
     *     nothing, for none or one beyond what milliseconds can hold (PostgreSQL's {@code infinity} reads as
     *     {@link LocalDateTime#MAX})
     */
    private Long writtenAtMillis(LocalDateTime expiry) {
        if (expiry == null) {
            return null;
        }
        try {
            return Math.subtractExact(expiry.toInstant(ZoneOffset.UTC).toEpochMilli(), lifetimeSeconds * 1000);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Flask-Session's save: the whole session in one upsert; after a move, the old row goes in the same statement. */
    @Override
    protected SaveOutcome write(ServerSideSession session) {
        String key = storeKey(session.sid());
        Optional<String> old = session.previousSid().map(this::storeKey);
        byte[] value = settings.format().encode(session.contents());
        LocalDateTime expiry = expiryFrom(now());
        sql(c -> update(c, old.isPresent() ? moveAndUpsert : upsert, s -> {
            int i = 1;
            if (old.isPresent()) {
                s.setString(i++, old.get());
            }
            s.setString(i++, key);
            s.setBytes(i++, value);
            s.setObject(i, expiry);
        }));
        return SaveOutcome.DATA;
    }

    /** One {@code DELETE} for the row, and the old one after a move. */
    @Override
    protected void delete(ServerSideSession session) {
        String key = storeKey(session.sid());
        Optional<String> old = session.previousSid().map(this::storeKey);
        sql(c -> update(c, delete, s -> {
            s.setString(1, key);
            s.setString(2, old.orElse(key));
        }));
    }

    @Override
    protected String storedValueName() {
        return "the data of a row in " + settings.qualifiedTable();
    }

    /** Unbounded, as it has always been on SQL: {@code SESSION_MAX_PAYLOAD_BYTES} bounds cookies and Redis values. */
    @Override
    protected int maxStoredValueBytes() {
        return Integer.MAX_VALUE;
    }

    private void deleteExpired() {
        LocalDateTime now = now();
        sql(c -> update(c, cleanup, s -> s.setObject(1, now)));
    }

    /** The renewal that opening left out when it had to read the expiry, now that the session passed its checks. */
    @Override
    protected void renew(String sid) {
        String key = storeKey(sid);
        LocalDateTime expiry = expiryFrom(now());
        sql(c -> update(c, touch, s -> {
            s.setObject(1, expiry);
            s.setString(2, key);
        }));
    }

    /** Flask-Session's {@code datetime.utcnow()}: a naive UTC timestamp, as the {@code expiry} column holds it. */
    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock().instant(), ZoneOffset.UTC);
    }

    private LocalDateTime expiryFrom(LocalDateTime now) {
        return now.plusSeconds(lifetimeSeconds);
    }

    /** Fills a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Work on a borrowed connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Integer update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(settings.queryTimeoutSeconds());
            binder.bind(s);
            return s.executeUpdate();
        }
    }

    /**
     * Runs work on a pooled connection: the table is made first if this application has not yet seen it, the work is
     * committed when the pool hands out connections outside auto-commit, and any {@link SQLException} is a 503.
     */
    private <T> T sql(Work<T> work) {
        T result;
        long started = OUTAGES.started();
        try (Connection c = dataSource.get().getConnection()) {
            if (!tableReady.get()) {
                createTable(c);
            }
            result = work.run(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        OUTAGES.answered(started);
        return result;
    }

    /** Flask-Session creates its table when the app starts, if absent; here at first contact, so start-up needs no database. */
    private void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(settings.queryTimeoutSeconds());
            s.execute(create);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            tableReady.set(true);
        } catch (SQLException e) {
            if (isGone(e)) {
                throw e;
            }
            // A user without CREATE rights may still use a table that exists: carry on, and say why if it does not.
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            tableReady.set(true);
            LOG.warning(() -> "flask-session: could not create " + settings.qualifiedTable() + " (SQLState "
                    + e.getSQLState() + ": " + redact(e.getMessage()) + "); using it as it is");
        }
    }

    private static boolean isGone(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || (state != null && GONE.stream().anyMatch(state::startsWith));
    }

    private SessionStoreUnavailableException unavailable(SQLException e) {
        String detail = "SQLState " + e.getSQLState() + ": " + redact(e.getMessage());
        if (isGone(e)) {
            return OUTAGES.gone(e, e.getClass().getSimpleName() + ", " + detail, settings.retryAfterSeconds());
        }
        return OUTAGES.refused(String.valueOf(e.getSQLState()), detail, "Check the table " + settings.qualifiedTable()
                + " and the user's rights", settings.retryAfterSeconds());
    }

    /**
     * PostgreSQL's messages may quote a value ({@code Detail: Key (session_id)=(...)}) and so hold a session id:
     * the first line only is kept, and any prefixed key that still shows is reduced to its prefix.
     *
     * @param message an error message from the driver or the pool
     * @return the message without session ids
     */
    String redact(String message) {
        return StoreOutages.redact(message, m -> {
            String shown = m.split("\\R", 2)[0];
            int detail = shown.indexOf("Detail:");
            return detail < 0 ? shown : shown.substring(0, detail).trim();
        }, settings.keyPrefix(), "'\"\\s)");
    }
}
