package dev.flasksession.jdbc;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import dev.flasksession.store.SaveStrategy;
import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.ServerSideSettings;
import dev.flasksession.store.SharedSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL backend's settings: Flask-Session's {@code SESSION_SQLALCHEMY_*} and {@code SESSION_CLEANUP_N_REQUESTS},
 * and where the database is. Each is declared once, in {@link #SETTINGS}. The settings every Flask-Session backend
 * shares ({@code SESSION_KEY_PREFIX}, {@code SESSION_USE_SIGNER}, {@code SESSION_PERMANENT}, {@code SESSION_ID_LENGTH},
 * {@code SESSION_SERIALIZATION_FORMAT}) are read from their declarations in {@link SharedSettings}, so one
 * name never has two meanings.
 */
public final class JdbcSessionSettings implements ServerSideSettings {
    /** The table, as Flask-Session names it. */
    public static final String SESSION_SQLALCHEMY_TABLE = "SESSION_SQLALCHEMY_TABLE";
    /** The table's schema. */
    public static final String SESSION_SQLALCHEMY_SCHEMA = "SESSION_SQLALCHEMY_SCHEMA";
    /** Expired rows are deleted on average every this many requests that carry a session id. */
    public static final String SESSION_CLEANUP_N_REQUESTS = "SESSION_CLEANUP_N_REQUESTS";
    /** The JNDI name of a container {@code DataSource}. */
    public static final String SESSION_JDBC_DATASOURCE = "SESSION_JDBC_DATASOURCE";
    /** A JDBC URL, pooled with HikariCP. */
    public static final String SESSION_JDBC_URL = "SESSION_JDBC_URL";
    /** The database user for {@link #SESSION_JDBC_URL}. */
    public static final String SESSION_JDBC_USER = "SESSION_JDBC_USER";
    /** The database password for {@link #SESSION_JDBC_URL}. */
    public static final String SESSION_JDBC_PASSWORD = "SESSION_JDBC_PASSWORD";
    /** The pool's size for {@link #SESSION_JDBC_URL}. */
    public static final String SESSION_JDBC_MAX_CONNECTIONS = "SESSION_JDBC_MAX_CONNECTIONS";
    /** How long a request waits for a connection, in milliseconds. */
    public static final String SESSION_JDBC_CONNECT_TIMEOUT = "SESSION_JDBC_CONNECT_TIMEOUT";
    /** How long a statement may run, in seconds. */
    public static final String SESSION_JDBC_QUERY_TIMEOUT = "SESSION_JDBC_QUERY_TIMEOUT";
    /** Seconds in the Retry-After of a 503. */
    public static final String SESSION_JDBC_RETRY_AFTER = "SESSION_JDBC_RETRY_AFTER";

    /** Flask-Session's {@code session_id} column is a {@code VARCHAR(255)}: prefix and id must fit. */
    public static final int SESSION_ID_COLUMN_LENGTH = 255;
    /**
     * The table name goes into SQL text, where no parameter can stand: only letters, digits and {@code _}, quoted
     * as SQLAlchemy quotes them ({@link PostgresIdentifiers}); 63 is PostgreSQL's longest name.
     */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private static final Setting<String> TABLE = Setting.of(SESSION_SQLALCHEMY_TABLE, "sessions", "`sessions`",
            "an SQL name: letters, digits, `_`", "the table, Flask-Session's; created as Flask-Session creates it "
                    + "when it does not exist", JdbcSessionSettings::identifier, name -> name);
    private static final Setting<String> SCHEMA = Setting.of(SESSION_SQLALCHEMY_SCHEMA, null, "unset: the "
            + "connection's search path", "an SQL name", "the table's schema", JdbcSessionSettings::identifier,
            name -> name);
    private static final Setting<Long> CLEANUP = Setting.number(SESSION_CLEANUP_N_REQUESTS, 1000, 0, 1_000_000,
            "requests", "delete expired rows on average once every this many requests that carry a session id "
                    + "(Flask-Session's chance of 1 in N+1), with no cron job; 0 never, for a database cleaned by other means");
    private static final Setting<String> DATASOURCE = Setting.text(SESSION_JDBC_DATASOURCE, null, "unset",
            "the JNDI name of the container's `DataSource` (e.g. `java:jboss/datasources/Sessions`), used when no CDI "
                    + "bean produces a `DataSource`");
    private static final Setting<String> URL = Setting.of(SESSION_JDBC_URL, null, "unset",
            "`jdbc:postgresql://host:port/db`", "without a container `DataSource`: the database, pooled with HikariCP "
                    + "(which the application provides, with the driver)", JdbcSessionSettings::checkUrl,
            JdbcSessionSettings::masked);
    private static final Setting<String> USER = Setting.text(SESSION_JDBC_USER, null, "unset",
            "the user for `SESSION_JDBC_URL`");
    private static final Setting<String> PASSWORD = Setting.secret(SESSION_JDBC_PASSWORD, "unset", "any text",
            "the password for `SESSION_JDBC_URL`", text -> text);
    private static final Setting<Long> MAX_CONNECTIONS = Setting.number(SESSION_JDBC_MAX_CONNECTIONS, 10, 1, 1000,
            "connections", "the pool's size for `SESSION_JDBC_URL`");
    private static final Setting<Long> CONNECT_TIMEOUT = Setting.number(SESSION_JDBC_CONNECT_TIMEOUT, 2000, 250,
            600_000, "milliseconds", "how long a request waits for a connection before its 503 (HikariCP's minimum "
                    + "is 250)");
    private static final Setting<Long> QUERY_TIMEOUT = Setting.number(SESSION_JDBC_QUERY_TIMEOUT, 5, 1, 3600,
            "seconds", "how long one statement may run before its 503");
    private static final Setting<Long> RETRY_AFTER = Setting.number(SESSION_JDBC_RETRY_AFTER, 5, 1, 86_400,
            "seconds", "the `Retry-After` of a 503 while the database is unavailable");

    /** Every setting this class declares, in documentation order: the one table they are declared in. */
    public static final List<Setting<?>> SETTINGS = List.of(DATASOURCE, URL, USER, PASSWORD, MAX_CONNECTIONS,
            CONNECT_TIMEOUT, QUERY_TIMEOUT, RETRY_AFTER, TABLE, SCHEMA, CLEANUP);

    /** The shared Flask-Session settings, read here too: declared in {@link SharedSettings}. */
    private static final List<Setting<?>> SHARED = List.of(SharedSettings.KEY_PREFIX,
            SharedSettings.USE_SIGNER, SharedSettings.PERMANENT, SharedSettings.ID_LENGTH,
            SharedSettings.FORMAT);

    private final Map<Setting<?>, Object> values = new HashMap<>();

    private JdbcSessionSettings(ConfigSource source) {
        for (Setting<?> setting : SHARED) {
            values.put(setting, setting.readOrDefault(source));
        }
        for (Setting<?> setting : SETTINGS) {
            Object value = setting.readOrDefault(source);
            if (value != null) {
                values.put(setting, value);
            }
        }
        if (SharedSettings.SAVE_STRATEGY.readOrDefault(source) == SaveStrategy.MERGE) {
            // Refused rather than ignored: an application relying on merge would lose concurrent changes.
            throw new SessionConfigException(SharedSettings.SESSION_SAVE_STRATEGY, "'merge' is available only "
                    + "on the Redis backend; the SQL backend saves the whole session, as Flask-Session does. Remove "
                    + "the setting, or use the Redis backend");
        }
        if (useSigner() && idLength() > SharedSettings.maxIdLength(true)) {
            throw new SessionConfigException(SharedSettings.SESSION_ID_LENGTH, "'" + idLength() + "' is too "
                    + "long with SESSION_USE_SIGNER: use at most " + SharedSettings.maxIdLength(true));
        }
        // token_urlsafe(n) is ceil(4n / 3) characters
        int stored = keyPrefix().length() + (idLength() * 4 + 2) / 3;
        if (stored > SESSION_ID_COLUMN_LENGTH) {
            throw new SessionConfigException(SharedSettings.SESSION_ID_LENGTH, "'" + idLength() + "' with the "
                    + "prefix makes " + stored + " characters, more than Flask-Session's session_id column holds ("
                    + SESSION_ID_COLUMN_LENGTH + "); use a shorter id or prefix");
        }
        if (get(USER) != null && get(URL) == null || get(PASSWORD) != null && get(URL) == null) {
            throw new SessionConfigException(get(USER) != null ? SESSION_JDBC_USER : SESSION_JDBC_PASSWORD,
                    "is only used with SESSION_JDBC_URL, which is unset");
        }
    }

    /**
     * @param source where raw values come from
     * @return the settings
     * @throws SessionConfigException naming the first bad setting
     */
    public static JdbcSessionSettings from(ConfigSource source) {
        return new JdbcSessionSettings(source);
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    private static String identifier(String text) {
        if (!IDENTIFIER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not accepted; use letters, digits and '_', "
                    + "starting with a letter or '_', at most 63 characters");
        }
        return text;
    }

    private static String checkUrl(String text) {
        if (!text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("the value (not shown: it may hold a password) is not a JDBC URL; "
                    + "use jdbc:postgresql://host:port/db");
        }
        return text;
    }

    /** A JDBC URL may carry {@code ?password=...}: nothing after the {@code ?} is shown. */
    static String masked(String url) {
        int query = url.indexOf('?');
        int at = url.indexOf('@');
        String shown = query < 0 ? url : url.substring(0, query) + "?****";
        // jdbc:oracle:thin:user/password@host and similar forms put credentials before an '@'
        return at < 0 || (query >= 0 && at > query) ? shown : "jdbc:****" + shown.substring(shown.indexOf('@'));
    }

    /**
     * @return the table as it goes into SQL, {@code schema.table} or {@code table}, each name quoted only where
     *     SQLAlchemy quotes it (a reserved word such as {@code user}, or a mixed-case name), so that both sides
     *     name the same table
     */
    public String qualifiedTable() {
        String table = PostgresIdentifiers.quote(get(TABLE));
        return get(SCHEMA) == null ? table : PostgresIdentifiers.quote(get(SCHEMA)) + "." + table;
    }

    /** @return the cleanup's N: expired rows are deleted with a chance of 1 in N+1 per opened session; 0 never */
    public int cleanupEveryNRequests() {
        return get(CLEANUP).intValue();
    }

    /** @return the JNDI name of the container's {@code DataSource}, if set */
    public Optional<String> dataSourceName() {
        return Optional.ofNullable(get(DATASOURCE));
    }

    /** @return the JDBC URL, if set */
    public Optional<String> url() {
        return Optional.ofNullable(get(URL));
    }

    /** @return the user for the URL, if set */
    public Optional<String> user() {
        return Optional.ofNullable(get(USER));
    }

    /** @return the password for the URL, if set; never logged */
    public Optional<String> password() {
        return Optional.ofNullable(get(PASSWORD));
    }

    /** @return the pool's size */
    public int maxConnections() {
        return get(MAX_CONNECTIONS).intValue();
    }

    /** @return how long to wait for a connection, in milliseconds */
    public long connectTimeoutMillis() {
        return get(CONNECT_TIMEOUT);
    }

    /** @return how long a statement may run, in seconds */
    public int queryTimeoutSeconds() {
        return get(QUERY_TIMEOUT).intValue();
    }

    /** @return the seconds a client is told to wait when the database is down */
    public int retryAfterSeconds() {
        return get(RETRY_AFTER).intValue();
    }

    /** @return the key prefix, before every id in {@code session_id} */
    @Override
    public String keyPrefix() {
        return get(SharedSettings.KEY_PREFIX);
    }

    /** @return whether the cookie's id is signed */
    @Override
    public boolean useSigner() {
        return get(SharedSettings.USE_SIGNER);
    }

    /** @return whether new sessions are permanent */
    @Override
    public boolean permanent() {
        return get(SharedSettings.PERMANENT);
    }

    /** @return the random bytes in a new id */
    @Override
    public int idLength() {
        return get(SharedSettings.ID_LENGTH).intValue();
    }

    /** @return the format written */
    public SerializationFormat format() {
        return get(SharedSettings.FORMAT);
    }

    /** @return every setting as {@code NAME=value}, the password masked: the start-up log line */
    @Override
    public String toString() {
        return "JdbcSessionSettings{" + Setting.showAll(SETTINGS, values) + ", " + Setting.showAll(SHARED, values) + "}";
    }
}
