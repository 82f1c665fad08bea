package dev.flasksession.redis;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Flask-Session's settings for the Redis backend, under Flask-Session's names, plus where Redis is. Immutable, parsed
 * and checked once by {@link #from(ConfigSource)}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th></tr>
 * <tr><td>{@code SESSION_KEY_PREFIX}</td><td>{@code session:}</td></tr>
 * <tr><td>{@code SESSION_USE_SIGNER}</td><td>{@code false}; when true the cookie carries the id signed with
 * {@code SECRET_KEY} (salt {@code flask-session})</td></tr>
 * <tr><td>{@code SESSION_PERMANENT}</td><td>{@code true}: new sessions are permanent</td></tr>
 * <tr><td>{@code SESSION_ID_LENGTH}</td><td>{@code 32} random bytes; at most 384, or 363 with the signer, so that
 * the cookie value stays within the {@value #MAX_COOKIE_VALUE_LENGTH} characters that are looked up</td></tr>
 * <tr><td>{@code SESSION_SERIALIZATION_FORMAT}</td><td>{@code msgpack}, or {@code json}</td></tr>
 * <tr><td>{@code SESSION_REDIS}</td><td>{@code redis://127.0.0.1:6379/0}; {@code redis://[user:password@]host:port/db},
 * {@code rediss://} for TLS; reserved characters in the user or password percent-encoded</td></tr>
 * <tr><td>{@code SESSION_REDIS_SENTINELS}, {@code SESSION_REDIS_SENTINEL_MASTER}</td><td>unset; {@code host:port,...}
 * and the master's name: use Sentinel (credentials and database still come from {@code SESSION_REDIS})</td></tr>
 * <tr><td>{@code SESSION_REDIS_CLUSTER}</td><td>unset; {@code host:port,...}: use Redis Cluster</td></tr>
 * <tr><td>{@code SESSION_REDIS_CONNECT_TIMEOUT}, {@code SESSION_REDIS_SOCKET_TIMEOUT}</td><td>{@code 2000} ms each</td></tr>
 * <tr><td>{@code SESSION_REDIS_RETRY_AFTER}</td><td>{@code 5}: seconds in the {@code Retry-After} of a 503</td></tr>
 * </table>
 */
public final class RedisSessionSettings {
    /** Prefix of every session key. */
    public static final String SESSION_KEY_PREFIX = "SESSION_KEY_PREFIX";
    /** Whether the id in the cookie is signed. */
    public static final String SESSION_USE_SIGNER = "SESSION_USE_SIGNER";
    /** Whether new sessions are permanent. */
    public static final String SESSION_PERMANENT = "SESSION_PERMANENT";
    /** Random bytes in a new id. */
    public static final String SESSION_ID_LENGTH = "SESSION_ID_LENGTH";
    /** {@code msgpack} or {@code json}. */
    public static final String SESSION_SERIALIZATION_FORMAT = "SESSION_SERIALIZATION_FORMAT";
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

    /**
     * The longest cookie value looked up in Redis. Anything longer cannot be an id this service issued, so it is not
     * sent to Redis; {@code SESSION_ID_LENGTH} is capped so that every id issued stays within it.
     */
    public static final int MAX_COOKIE_VALUE_LENGTH = 512;
    /** What signing adds to an id in the cookie: a dot and the base64 of a SHA-1 HMAC. */
    private static final int SIGNATURE_LENGTH = 1 + 27;

    private final String keyPrefix;
    private final boolean useSigner;
    private final boolean permanent;
    private final int idLength;
    private final SerializationFormat format;
    private final URI redisUrl;
    private final Set<HostAndPort> sentinels;
    private final String sentinelMaster;
    private final Set<HostAndPort> cluster;
    private final int connectTimeoutMillis;
    private final int socketTimeoutMillis;
    private final int retryAfterSeconds;

    private RedisSessionSettings(ConfigSource source) {
        keyPrefix = source.get(SESSION_KEY_PREFIX).orElse("session:");
        useSigner = SessionConfig.value(source, SESSION_USE_SIGNER).map(v -> SessionConfig.parseBoolean(SESSION_USE_SIGNER, v)).orElse(false);
        permanent = SessionConfig.value(source, SESSION_PERMANENT).map(v -> SessionConfig.parseBoolean(SESSION_PERMANENT, v)).orElse(true);
        idLength = positive(source, SESSION_ID_LENGTH, 32, maxIdLength(useSigner));
        format = SessionConfig.value(source, SESSION_SERIALIZATION_FORMAT).map(SerializationFormat::parse).orElse(SerializationFormat.MSGPACK);
        redisUrl = parseUrl(SessionConfig.value(source, SESSION_REDIS).orElse("redis://127.0.0.1:6379/0"));
        sentinels = SessionConfig.value(source, SESSION_REDIS_SENTINELS).map(v -> hosts(SESSION_REDIS_SENTINELS, v)).orElse(Set.of());
        sentinelMaster = SessionConfig.value(source, SESSION_REDIS_SENTINEL_MASTER).orElse(null);
        cluster = SessionConfig.value(source, SESSION_REDIS_CLUSTER).map(v -> hosts(SESSION_REDIS_CLUSTER, v)).orElse(Set.of());
        connectTimeoutMillis = positive(source, SESSION_REDIS_CONNECT_TIMEOUT, 2000, 600_000);
        socketTimeoutMillis = positive(source, SESSION_REDIS_SOCKET_TIMEOUT, 2000, 600_000);
        retryAfterSeconds = positive(source, SESSION_REDIS_RETRY_AFTER, 5, 86_400);
        if (!sentinels.isEmpty() && !cluster.isEmpty()) {
            throw new SessionConfigException(SESSION_REDIS_CLUSTER, "set either SESSION_REDIS_CLUSTER or SESSION_REDIS_SENTINELS, not both");
        }
        if (!sentinels.isEmpty() && sentinelMaster == null) {
            throw new SessionConfigException(SESSION_REDIS_SENTINEL_MASTER, "must name the master when SESSION_REDIS_SENTINELS is set");
        }
    }

    /**
     * @param source where raw values come from
     * @return the settings
     * @throws SessionConfigException naming the first bad setting
     */
    public static RedisSessionSettings from(ConfigSource source) {
        return new RedisSessionSettings(source);
    }

    /**
     * @param signed whether ids are signed in the cookie
     * @return the largest {@code SESSION_ID_LENGTH} whose cookie value fits {@link #MAX_COOKIE_VALUE_LENGTH}
     */
    static int maxIdLength(boolean signed) {
        int room = MAX_COOKIE_VALUE_LENGTH - (signed ? SIGNATURE_LENGTH : 0);
        // token_urlsafe(n) is unpadded base64: ceil(4n / 3) characters
        return room * 3 / 4;
    }

    private static int positive(ConfigSource source, String name, int fallback, int max) {
        Optional<String> v = SessionConfig.value(source, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SessionConfigException(name, "'" + v.get() + "' is not a whole number from 1 to " + max);
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

    private static Set<HostAndPort> hosts(String name, String value) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            int colon = p.lastIndexOf(':');
            try {
                out.add(new HostAndPort(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new SessionConfigException(name, "'" + p + "' is not host:port");
            }
        }
        return out;
    }

    /** @return the key prefix */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return whether the cookie's id is signed */
    public boolean useSigner() {
        return useSigner;
    }

    /** @return whether new sessions are permanent */
    public boolean permanent() {
        return permanent;
    }

    /** @return the random bytes in a new id */
    public int idLength() {
        return idLength;
    }

    /** @return the format written */
    public SerializationFormat format() {
        return format;
    }

    /** @return the seconds a client is told to wait when Redis is down */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Builds the client for the configured topology. A pooled standalone client connects lazily; Sentinel and
     * Cluster clients ask their nodes for the topology here.
     *
     * @return a new client, to be closed by the caller
     */
    public UnifiedJedis connect() {
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
        if (!cluster.isEmpty()) {
            return new JedisCluster(cluster, clientConfig);
        }
        if (!sentinels.isEmpty()) {
            JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(connectTimeoutMillis)
                    .socketTimeoutMillis(socketTimeoutMillis)
                    .build();
            return new JedisSentineled(sentinelMaster, clientConfig, sentinels, sentinelConfig);
        }
        int port = redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort();
        return new JedisPooled(new HostAndPort(redisUrl.getHost(), port), clientConfig);
    }

    private static String decode(String percentEncoded) {
        // '+' is a literal plus in a URL's user part, unlike in a form: protect it from URLDecoder.
        return URLDecoder.decode(percentEncoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String where = !cluster.isEmpty() ? "cluster " + cluster
                : !sentinels.isEmpty() ? "sentinel master " + sentinelMaster + " at " + sentinels
                : masked(redisUrl);
        return "RedisSessionSettings{redis=" + where + ", SESSION_KEY_PREFIX=" + keyPrefix + ", SESSION_USE_SIGNER="
                + useSigner + ", SESSION_PERMANENT=" + permanent + ", SESSION_ID_LENGTH=" + idLength
                + ", SESSION_SERIALIZATION_FORMAT=" + format.name().toLowerCase(java.util.Locale.ROOT)
                + ", timeouts=" + connectTimeoutMillis + "/" + socketTimeoutMillis + " ms}";
    }
}
