package dev.flasksession.redis;

import static dev.flasksession.store.SharedSettings.FORMAT;
import static dev.flasksession.store.SharedSettings.ID_LENGTH;
import static dev.flasksession.store.SharedSettings.KEY_PREFIX;
import static dev.flasksession.store.SharedSettings.MAX_COOKIE_VALUE_LENGTH;
import static dev.flasksession.store.SharedSettings.PERMANENT;
import static dev.flasksession.store.SharedSettings.SAVE_STRATEGY;
import static dev.flasksession.store.SharedSettings.SESSION_ID_LENGTH;
import static dev.flasksession.store.SharedSettings.USE_SIGNER;
import static dev.flasksession.store.SharedSettings.maxIdLength;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import dev.flasksession.store.SaveStrategy;
import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.ServerSideSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Flask-Session's settings for the Redis backend, under Flask-Session's names, plus where Redis is. Immutable, parsed
 * and checked once by {@link #from(ConfigSource)}. Each setting is listed once, in {@link #SETTINGS}, as
 * {@link SessionConfig#SETTINGS} lists Flask's; those both stores read are declared in
 * {@link dev.flasksession.store.SharedSettings}.
 */
public final class RedisSessionSettings implements ServerSideSettings {
    /** The standalone server's URL. */
    public static final String SESSION_REDIS = "SESSION_REDIS";
    /** Sentinel addresses. */
    public static final String SESSION_REDIS_SENTINELS = "SESSION_REDIS_SENTINELS";
    /** The master's name at the sentinels. */
    public static final String SESSION_REDIS_SENTINEL_MASTER = "SESSION_REDIS_SENTINEL_MASTER";
    /** Cluster node addresses. */
    public static final String SESSION_REDIS_CLUSTER = "SESSION_REDIS_CLUSTER";
    /** Connect timeout in milliseconds. */
    public static final String SESSION_REDIS_CONNECT_TIMEOUT = "SESSION_REDIS_CONNECT_TIMEOUT";
    /** Socket timeout in milliseconds. */
    public static final String SESSION_REDIS_SOCKET_TIMEOUT = "SESSION_REDIS_SOCKET_TIMEOUT";
    /** Seconds in the Retry-After of a 503. */
    public static final String SESSION_REDIS_RETRY_AFTER = "SESSION_REDIS_RETRY_AFTER";
    /** Connections kept to each Redis node. */
    public static final String SESSION_REDIS_MAX_CONNECTIONS = "SESSION_REDIS_MAX_CONNECTIONS";

    private static final Setting<URI> REDIS_URL = Setting.of(SESSION_REDIS, parseUrl("redis://127.0.0.1:6379/0"),
            "`redis://127.0.0.1:6379/0`", "`redis://[user:password@]host:port/db`, `rediss://` for TLS; "
                    + "percent-encode reserved characters in the user or password (`/` as `%2F`, `@` as `%40`, "
                    + "`+` as `%2B`, `:` as `%3A`)", "the standalone server, and the credentials and database for "
                    + "Sentinel", RedisSessionSettings::parseUrl, RedisSessionSettings::masked);
    private static final Setting<Set<HostAndPort>> SENTINELS = Setting.of(SESSION_REDIS_SENTINELS, null, "unset",
            "`host:port,...`", "use Sentinel, with `SESSION_REDIS_SENTINEL_MASTER`", RedisSessionSettings::hosts,
            String::valueOf);
    private static final Setting<String> SENTINEL_MASTER = Setting.text(SESSION_REDIS_SENTINEL_MASTER, null, "unset",
            "the master's name at the sentinels");
    private static final Setting<Set<HostAndPort>> CLUSTER = Setting.of(SESSION_REDIS_CLUSTER, null, "unset",
            "`host:port,...`", "use Redis Cluster", RedisSessionSettings::hosts, String::valueOf);
    private static final Setting<Long> CONNECT_TIMEOUT = Setting.number(SESSION_REDIS_CONNECT_TIMEOUT, 2000, 1,
            600_000, "milliseconds", "how long to wait for a connection");
    private static final Setting<Long> SOCKET_TIMEOUT = Setting.number(SESSION_REDIS_SOCKET_TIMEOUT, 2000, 1, 600_000,
            "milliseconds", "how long to wait for an answer");
    private static final Setting<Long> MAX_CONNECTIONS = Setting.number(SESSION_REDIS_MAX_CONNECTIONS, 64, 1, 10_000,
            "connections", "the pool to each Redis node; a request waits at most the socket timeout for one (Jedis's "
                    + "default of 8 is fewer than a server's worker threads)");
    private static final Setting<Long> RETRY_AFTER = Setting.number(SESSION_REDIS_RETRY_AFTER, 5, 1, 86_400,
            "seconds", "the `Retry-After` of a 503 while Redis is unavailable");

    /** Every setting this class reads, in documentation order: the one table they are declared in. */
    public static final List<Setting<?>> SETTINGS = List.of(REDIS_URL, SENTINELS, SENTINEL_MASTER, CLUSTER,
            CONNECT_TIMEOUT, SOCKET_TIMEOUT, MAX_CONNECTIONS, RETRY_AFTER, KEY_PREFIX, USE_SIGNER, PERMANENT, ID_LENGTH, FORMAT, SAVE_STRATEGY);

    private final Map<Setting<?>, Object> values = new HashMap<>();

    private RedisSessionSettings(ConfigSource source) {
        for (Setting<?> setting : SETTINGS) {
            Object value = setting.readOrDefault(source);
            if (value != null) {
                values.put(setting, value);
            }
        }
        if (useSigner() && idLength() > maxIdLength(true)) {
            throw new SessionConfigException(SESSION_ID_LENGTH, "'" + idLength() + "' is too long with "
                    + "SESSION_USE_SIGNER: use at most " + maxIdLength(true) + ", so that the signed id fits the "
                    + MAX_COOKIE_VALUE_LENGTH + " characters that are looked up");
        }
        if (get(SENTINELS) != null && get(CLUSTER) != null) {
            throw new SessionConfigException(SESSION_REDIS_CLUSTER, "set either SESSION_REDIS_CLUSTER or SESSION_REDIS_SENTINELS, not both");
        }
        if (get(SENTINELS) != null && get(SENTINEL_MASTER) == null) {
            throw new SessionConfigException(SESSION_REDIS_SENTINEL_MASTER, "must name the master when SESSION_REDIS_SENTINELS is set");
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /**
     * @param source where raw values come from
     * @return the settings
     * @throws SessionConfigException naming the first bad setting
     */
    public static RedisSessionSettings from(ConfigSource source) {
        return new RedisSessionSettings(source);
    }

    private static URI parseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new SessionConfigException(SESSION_REDIS, "cannot parse " + describeUnparsed(value)
                    + "; use redis://[user:password@]host:port/db or rediss:// for TLS, with any reserved character in "
                    + "the user or password percent-encoded (/ as %2F, @ as %40, + as %2B, : as %3A)");
        }
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new SessionConfigException(SESSION_REDIS, (uri.getHost() == null ? describeUnparsed(value) : "'" + masked(uri) + "'")
                    + " is not a Redis URL; use redis://[user:password@]host:port/db or rediss:// for TLS, with any "
                    + "reserved character in the user or password percent-encoded (/ as %2F, @ as %40, + as %2B, : as %3A)");
        }
        database(uri);
        return uri;
    }

    /**
     * Where a value could not be parsed, nothing shows where a password would end, so none of it is quoted.
     *
     * @param value the raw setting
     * @return words that name the value without repeating any of it
     */
    private static String describeUnparsed(String value) {
        int scheme = value.indexOf("://");
        String shown = scheme > 0 && value.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*") ? value.substring(0, scheme + 3) + "..." : "...";
        return "the value '" + shown + "' (" + value.length() + " characters, not shown: it may hold a password)";
    }

    /**
     * Rebuilt from the parsed parts, so that no character in a password can keep any of it from being hidden.
     *
     * @param uri a parsed Redis URL
     * @return the URL with its password (or, without a user name, its whole user part) replaced by {@code ****}
     */
    static String masked(URI uri) {
        StringBuilder out = new StringBuilder().append(uri.getScheme()).append("://");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            out.append(colon < 0 ? "****" : userInfo.substring(0, colon) + ":****").append('@');
        }
        out.append(uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1));
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        return out.toString();
    }

    private static int database(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path.substring(1));
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SessionConfigException(SESSION_REDIS, "the database, after the last '/', is not a number (the path "
                + "is not shown: a misplaced '/' in a password would put part of it there)");
    }

    private static Set<HostAndPort> hosts(String value) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.contains("@") || p.contains("/")) {
                // Not echoed: what stands before an '@' is likely a password.
                throw new IllegalArgumentException("an address holds '@' or '/'; give host:port only, and the user "
                        + "and password in SESSION_REDIS");
            }
            int colon = p.lastIndexOf(':');
            try {
                out.add(new HostAndPort(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + p + "' is not host:port");
            }
        }
        return Set.copyOf(out);
    }

    /** @return the key prefix */
    @Override
    public String keyPrefix() {
        return get(KEY_PREFIX);
    }

    /** @return whether the cookie's id is signed */
    @Override
    public boolean useSigner() {
        return get(USE_SIGNER);
    }

    /** @return whether new sessions are permanent */
    @Override
    public boolean permanent() {
        return get(PERMANENT);
    }

    /** @return the random bytes in a new id */
    @Override
    public int idLength() {
        return get(ID_LENGTH).intValue();
    }

    /** @return the format written */
    public SerializationFormat format() {
        return get(FORMAT);
    }

    /** @return how a modified session is written */
    public SaveStrategy saveStrategy() {
        return get(SAVE_STRATEGY);
    }

    /** @return how long to wait for an answer, in milliseconds */
    public int socketTimeoutMillis() {
        return get(SOCKET_TIMEOUT).intValue();
    }

    /** @return the seconds a client is told to wait when Redis is down */
    public int retryAfterSeconds() {
        return get(RETRY_AFTER).intValue();
    }

    /**
     * Builds the client for the configured topology. A pooled standalone client connects lazily; Sentinel and
     * Cluster clients ask their nodes for the topology here.
     *
     * @return a new client, to be closed by the caller
     */
    public UnifiedJedis connect() {
        URI redisUrl = get(REDIS_URL);
        int connectTimeoutMillis = get(CONNECT_TIMEOUT).intValue();
        int socketTimeoutMillis = get(SOCKET_TIMEOUT).intValue();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMillis)
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(database(redisUrl))
                .ssl("rediss".equals(redisUrl.getScheme()));
        String userInfo = redisUrl.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            // Split before decoding, so that a percent-encoded ':' stays inside the user or the password.
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (!user.isEmpty()) {
                b.user(user);
            }
            if (colon >= 0) {
                b.password(decode(userInfo.substring(colon + 1)));
            }
        }
        JedisClientConfig clientConfig = b.build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(get(MAX_CONNECTIONS).intValue());
        pool.setMaxIdle(get(MAX_CONNECTIONS).intValue());
        // Waiting forever for a free connection would hang requests; waiting longer than an answer takes is pointless.
        pool.setMaxWait(Duration.ofMillis(socketTimeoutMillis));
        if (get(CLUSTER) != null) {
            return new JedisCluster(get(CLUSTER), clientConfig, pool);
        }
        if (get(SENTINELS) != null) {
            JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(connectTimeoutMillis)
                    .socketTimeoutMillis(socketTimeoutMillis)
                    .build();
            return new JedisSentineled(get(SENTINEL_MASTER), clientConfig, pool, get(SENTINELS), sentinelConfig);
        }
        int port = redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort();
        return new JedisPooled(new HostAndPort(redisUrl.getHost(), port), clientConfig, pool);
    }

    private static String decode(String percentEncoded) {
        // '+' is a literal plus in a URL's user part, unlike in a form: protect it from URLDecoder.
        return URLDecoder.decode(percentEncoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** @return every setting as {@code NAME=value}, the password masked: the start-up log line */
    @Override
    public String toString() {
        return "RedisSessionSettings{" + Setting.showAll(SETTINGS, values) + "}";
    }
}
