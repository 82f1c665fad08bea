package dev.flasksession.redis;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.ServerSideSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.session.SetCookie;
import dev.flasksession.signing.BadSignatureException;
import dev.flasksession.signing.Base64Url;
import dev.flasksession.signing.Digest;
import dev.flasksession.signing.KeyDerivation;
import dev.flasksession.signing.Signer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

/**
 * Flask-Session 0.8's {@code RedisSessionInterface}: the cookie holds a random id (signed with {@code SECRET_KEY}
 * when {@code SESSION_USE_SIGNER} is on), the data lives under {@code SESSION_KEY_PREFIX + id} in msgspec's bytes
 * with a TTL of {@code PERMANENT_SESSION_LIFETIME}. A Flask app using Flask-Session on the same Redis, prefix and key
 * shares its sessions with this service.
 *
 * <p>Flask-Session's rules, with fewer round trips: opening a session is one {@code GET} (a {@code GETEX} that also
 * renews the TTL when {@code SESSION_REFRESH_EACH_REQUEST} is on, so an unmodified session is never rewritten); saving
 * a modified one is one {@code SET ... EX}; an emptied one is one {@code DEL}. An id the store does not know, or a
 * badly signed one, gives a fresh session with a new id: a client never chooses its id. Data that neither msgpack nor
 * JSON can read (pickle, say) is never deserialized: the request gets a fresh session and the log a warning.
 *
 * <p>When Redis cannot be reached, opening or saving throws {@link SessionStoreUnavailableException} (a 503 through
 * the JAX-RS integration); one log line says Redis went away and one that it came back. Select this backend as an
 * alternative.
 */
@Alternative
@Dependent
public class RedisSessionInterface extends SessionInterface {
    /** Flask-Session's salt for signed ids. */
    public static final String SIGNER_SALT = "flask-session";
    /**
     * {@code GETEX} for servers before Redis 6.2: read and renew the TTL in one round trip, atomically. Flask-Session
     * renews with a separate {@code EXPIRE}; the stored bytes are the same.
     */
    private static final byte[] GET_AND_EXPIRE = bytes(
            "local v = redis.call('GET', KEYS[1]) if v then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return v");

    private static final Logger LOG = Logger.getLogger(RedisSessionInterface.class.getName());
    /** Shared by every instance, so an outage is logged once, not once per injection point. */
    private static final AtomicBoolean DOWN = new AtomicBoolean();
    /** {@link System#nanoTime()} of the latest failure that counted as an outage: see {@link #call}. */
    private static final AtomicLong LAST_OUTAGE_FAILURE = new AtomicLong(System.nanoTime());
    /** Redis error codes already logged, so a refused command is logged once per kind, not once per request. */
    private static final Set<String> REFUSALS_LOGGED = ConcurrentHashMap.newKeySet();
    /** Error codes of a Redis that is up but cannot serve yet: see {@link #transientAsOutage}. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN",
            "READONLY");
    /** Shared for the same reason as {@link #DOWN}: the server behind the client does not change per instance. */
    private static final AtomicBoolean NO_GETEX = new AtomicBoolean();

    private final RedisSessionSettings settings;
    private final Supplier<UnifiedJedis> client;
    private final Signer signer;
    private final SecureRandom random = new SecureRandom();
    private final long ttlSeconds;

    /**
     * @param config  the session settings
     * @param clients the shared Redis client and its settings
     */
    @Inject
    public RedisSessionInterface(SessionConfig config, RedisClients clients) {
        this(config, clients.settings(), clients::client, Clock.systemUTC());
    }

    /**
     * @param config   the session settings
     * @param settings the Flask-Session settings
     * @param redis    the client; not closed here
     * @param clock    the source of "now" for cookie expiry
     * @throws SessionConfigException when {@code SESSION_USE_SIGNER} is on without a {@code SECRET_KEY}
     */
    public RedisSessionInterface(SessionConfig config, RedisSessionSettings settings, UnifiedJedis redis, Clock clock) {
        this(config, settings, () -> redis, clock);
    }

    /**
     * @param config   the session settings
     * @param settings the Flask-Session settings
     * @param client   gives the client when a command is sent, so that a Redis not yet reachable at start-up
     *                 (a Cluster whose slots cannot be read, say) is a 503 per request rather than a failed deployment
     * @param clock    the source of "now" for cookie expiry
     * @throws SessionConfigException when {@code SESSION_USE_SIGNER} is on without a {@code SECRET_KEY}
     */
    protected RedisSessionInterface(SessionConfig config, RedisSessionSettings settings, Supplier<UnifiedJedis> client,
                                    Clock clock) {
        super(config, clock);
        this.settings = settings;
        this.client = client;
        this.ttlSeconds = config.permanentSessionLifetime().toSeconds();
        if (ttlSeconds < 1) {
            throw new SessionConfigException(SessionConfig.PERMANENT_SESSION_LIFETIME, "must be at least 1 second with "
                    + "the Redis backend: it is the TTL of every stored session, and Redis refuses a TTL of 0");
        }
        if (settings.useSigner()) {
            String key = config.secretKey().orElseThrow(() -> new SessionConfigException(SessionConfig.SECRET_KEY,
                    "must be set when SESSION_USE_SIGNER is true: it signs the session id in the cookie"));
            this.signer = new Signer(List.of(key.getBytes(StandardCharsets.UTF_8)), SIGNER_SALT, KeyDerivation.HMAC,
                    Digest.SHA1, Signer.DEFAULT_SEPARATOR);
        } else {
            this.signer = null;
        }
    }

    /** @return the Redis settings */
    public RedisSessionSettings settings() {
        return settings;
    }

    /** @return a new session id: {@code secrets.token_urlsafe(SESSION_ID_LENGTH)} */
    protected String generateSid() {
        byte[] bytes = new byte[settings.idLength()];
        random.nextBytes(bytes);
        return Base64Url.encode(bytes);
    }

    /**
     * @param sid a session id
     * @return the Redis key that holds it
     */
    public String storeKey(String sid) {
        return settings.keyPrefix() + sid;
    }

    private ServerSideSession freshSession() {
        Map<String, Object> initial = new LinkedHashMap<>();
        if (settings.permanent()) {
            initial.put(FlaskSession.PERMANENT_KEY, true);
        }
        return new ServerSideSession(initial, generateSid(), true);
    }

    @Override
    public FlaskSession openSession(SessionRequest request) {
        Optional<String> cookie = request.cookie(getCookieName());
        if (cookie.isEmpty() || cookie.get().isEmpty()
                || cookie.get().length() > RedisSessionSettings.MAX_COOKIE_VALUE_LENGTH) {
            return freshSession();
        }
        String sid = cookie.get();
        if (signer != null) {
            try {
                sid = signer.unsign(sid);
            } catch (BadSignatureException e) {
                return freshSession();
            }
        }
        byte[] key = bytes(storeKey(sid));
        byte[] stored = call(() -> config().refreshEachRequest() ? getAndRenew(key) : redis().get(key));
        if (stored == null) {
            return freshSession();
        }
        try {
            return new ServerSideSession(settings.format().decode(stored), sid, false);
        } catch (SessionDataException e) {
            LOG.warning(() -> "flask-session: the data under " + settings.keyPrefix() + "<id> is neither msgpack nor JSON "
                    + "(pickled by an older Flask-Session?) and is never deserialized; starting a fresh session");
            return freshSession();
        }
    }

    private byte[] getAndRenew(byte[] key) {
        if (!NO_GETEX.get()) {
            try {
                return redis().getEx(key, GetExParams.getExParams().ex(ttlSeconds));
            } catch (JedisDataException e) {
                if (!isUnknownCommand(e, "getex")) {
                    throw e;
                }
                if (NO_GETEX.compareAndSet(false, true)) {
                    LOG.warning("flask-session: this Redis has no GETEX (it is older than 6.2); sessions are now "
                            + "opened with GET and EXPIRE in one atomic script");
                }
            }
        }
        return (byte[]) redis().eval(GET_AND_EXPIRE, 1, key, bytes(Long.toString(ttlSeconds)));
    }

    private boolean isUnknownCommand(JedisDataException e, String command) {
        // Redis 6 quotes the name in backticks, Redis 7 in single quotes; the arguments after it are never looked at.
        String message = redact(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unknown command") && message.contains(command);
    }

    @Override
    public void saveSession(FlaskSession flaskSession, SessionResponse response) {
        if (!(flaskSession instanceof ServerSideSession session)) {
            throw new IllegalArgumentException("RedisSessionInterface saves only the sessions it opened");
        }
        if (session.isAccessed()) {
            response.addVary("Cookie");
        }
        if (session.isRegenerateRequested()) {
            regenerate(session);
        }
        if (!session.hasDataToStore()) {
            if (session.isModified()) {
                call(() -> redis().del(bytes(storeKey(session.sid()))));
                // Flask-Session deletes its cookie with the name, domain and path only, not the other attributes.
                writeCookie(response, SetCookie.deleting(getCookieName(), getCookieDomain().orElse(null), getCookiePath(),
                        false, false, null, false));
                response.addVary("Cookie");
            }
            return;
        }
        if (session.isModified()) {
            byte[] value = settings.format().encode(session.contents());
            call(() -> redis().set(bytes(storeKey(session.sid())), value, SetParams.setParams().ex(ttlSeconds)));
            // Only once the new key is written: a failed save must leave the old session readable.
            session.previousSid().ifPresent(old -> call(() -> redis().del(bytes(storeKey(old)))));
        }
        if (!shouldSetCookie(session)) {
            return;
        }
        String value = signer == null ? session.sid() : signer.sign(session.sid());
        writeCookie(response, SetCookie.of(getCookieName(), value, getExpirationTime(session).orElse(null),
                getCookieDomain().orElse(null), getCookiePath(), getCookieSecure(), getCookieHttpOnly(),
                getCookieSameSite().orElse(null), false));
        response.addVary("Cookie");
    }

    /**
     * Flask-Session's {@code regenerate}: a session with data moves to a new id and is saved under it. The old key is
     * deleted by {@link #saveSession} only after the new one is written, so a failed save loses nothing.
     *
     * @param session the session
     */
    public void regenerate(ServerSideSession session) {
        if (session.hasDataToStore()) {
            session.assignSid(generateSid());
            session.markModified();
        }
    }

    private UnifiedJedis redis() {
        return client.get();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T call(Supplier<T> command) {
        T result;
        long started = System.nanoTime();
        try {
            result = transientAsOutage(command);
        } catch (JedisDataException e) {
            // Redis answered, but refused: a setting or the server's state is wrong, not the network.
            String refusal = redact(e.getMessage());
            String code = refusal.split(" ", 2)[0];
            if (REFUSALS_LOGGED.add(code)) {
                LOG.severe(() -> "flask-session: Redis refused a session command (" + refusal + "); answering 503. "
                        + "Redis is reachable: check its configuration (maxmemory, ACLs, renamed commands)");
            } else {
                LOG.log(Level.FINE, "Redis refused a session command: {0}", refusal);
            }
            throw new SessionStoreUnavailableException("Redis refused a session command", settings.retryAfterSeconds(), null);
        } catch (JedisException e) {
            LAST_OUTAGE_FAILURE.accumulateAndGet(System.nanoTime(), (a, b) -> b - a > 0 ? b : a);
            if (DOWN.compareAndSet(false, true)) {
                LOG.severe(() -> "flask-session: Redis is unavailable (" + e.getClass().getSimpleName() + ": "
                        + redact(e.getMessage()) + "); answering 503 until it is back");
            } else {
                LOG.log(Level.FINE, "Redis still unavailable: {0}", e.getClass().getSimpleName());
            }
            throw new SessionStoreUnavailableException("Redis is unavailable", settings.retryAfterSeconds(), e);
        }
        // A command sent before the outage's last failure proves nothing (seen for real: requests in flight at a kill
        // answered after the first failure, and the log said "back" and "unavailable" again within a second).
        if (DOWN.get() && started - LAST_OUTAGE_FAILURE.get() > 0 && DOWN.compareAndSet(true, false)) {
            LOG.info("flask-session: Redis is available again");
        }
        return result;
    }

    /**
     * Some errors are Redis saying "not now" rather than "never": a restarted server loading its data, a failover or a
     * cluster re-forming, a long script. They are outages (logged once, with a line when Redis is back), not
     * refusals telling the operator to fix the configuration; seen for real with LOADING after a restart.
     */
    private static <T> T transientAsOutage(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisDataException e) {
            String code = e.getMessage() == null ? "" : e.getMessage().split(" ", 2)[0];
            if (TRANSIENT_ERRORS.contains(code)) {
                throw new JedisConnectionException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Redis repeats a refused command's arguments in its error, and those hold the session key. Everything from the
     * arguments on is cut, and any key that still shows is reduced to its prefix, so no log line holds a session id.
     *
     * @param message an error message from Redis or the client
     * @return the message without session ids
     */
    String redact(String message) {
        if (message == null) {
            return "no message";
        }
        int args = message.indexOf(", with args");
        String shown = args < 0 ? message : message.substring(0, args);
        if (!settings.keyPrefix().isEmpty()) {
            shown = shown.replaceAll(Pattern.quote(settings.keyPrefix()) + "[^'\"\\s]*",
                    Matcher.quoteReplacement(settings.keyPrefix()) + "<id>");
        }
        return shown;
    }
}
