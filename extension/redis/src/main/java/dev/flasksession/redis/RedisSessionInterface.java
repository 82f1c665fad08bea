package dev.flasksession.redis;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.store.SaveOutcome;
import dev.flasksession.store.SaveStrategy;
import dev.flasksession.store.ServerSideCookies;
import dev.flasksession.store.ServerSideSession;
import dev.flasksession.store.ServerSideSessionInterface;
import dev.flasksession.users.SessionInfo;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutStore;
import dev.flasksession.users.UserSessionIndex;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
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
 *
 * <p>This class holds the store's operations for {@link ServerSideSessionInterface}'s template; beside it,
 * {@link RedisCommands} sends commands and tells outages from refusals, {@link RedisGetEx} is the {@code GETEX}
 * fallback, {@link RedisTombstones} marks ids moved or ended on purpose, {@link RedisMerge} is the compare-and-set of
 * {@code SESSION_SAVE_STRATEGY=merge}, and {@link RedisUserIndex} the per-user index and cap.
 */
@Alternative
@Dependent
public class RedisSessionInterface extends ServerSideSessionInterface implements UserSessionIndex {
    /** Flask-Session's salt for signed ids. */
    public static final String SIGNER_SALT = ServerSideCookies.SIGNER_SALT;

    private final RedisSessionSettings settings;
    private final Supplier<UnifiedJedis> client;
    private final RedisCommands commands;
    private final RedisGetEx getEx;
    private final RedisTombstones tombstones;
    private final RedisUserIndex users;
    private final RedisMerge merge;

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
        super(config, settings, clock);
        this.settings = settings;
        this.client = client;
        long ttlSeconds = config.permanentSessionLifetime().toSeconds();
        if (ttlSeconds < 1) {
            throw new SessionConfigException(SessionConfig.PERMANENT_SESSION_LIFETIME, "must be at least 1 second with "
                    + "the Redis backend: it is the TTL of every stored session, and Redis refuses a TTL of 0");
        }
        this.commands = new RedisCommands(client, settings, ttlSeconds);
        this.getEx = new RedisGetEx(commands);
        this.tombstones = new RedisTombstones(commands, settings.keyPrefix());
        this.users = new RedisUserIndex(this, tombstones);
        this.merge = new RedisMerge(this, users);
    }

    /** @return the Redis settings */
    public RedisSessionSettings settings() {
        return settings;
    }

    /**
     * One {@code GET}; a {@code GETEX} that also renews the TTL with {@code SESSION_REFRESH_EACH_REQUEST}; with
     * {@link #needsProvenTimes()}, {@code GET} and {@code PTTL} in one pipelined round trip.
     */
    @Override
    protected Stored read(String sid) {
        byte[] key = commands.sessionKey(sid);
        return commands.call(() -> needsProvenTimes() ? getProvingSince(key)
                : new Stored(config().refreshEachRequest() ? getEx.getAndRenew(key) : commands.redis().get(key), null));
    }

    /**
     * Reads the value with what is left of its TTL: every write sets the TTL to {@code PERMANENT_SESSION_LIFETIME},
     * so what is left tells when the value was last written or renewed, the earliest time Redis proves the session
     * existed. Nothing is renewed here (see {@link #read}). A value without a TTL proves nothing.
     */
    private Stored getProvingSince(byte[] key) {
        long nowMillis = clock().millis();
        try (AbstractPipeline pipeline = commands.redis().pipelined()) {
            Response<byte[]> value = pipeline.get(key);
            Response<Long> leftMillis = pipeline.pttl(key);
            pipeline.sync();
            long left = leftMillis.get();
            Long written = value.get() != null && left >= 0 ? nowMillis - (commands.ttlSeconds * 1000 - left) : null;
            return new Stored(value.get(), written);
        }
    }

    @Override
    protected void renew(String sid) {
        commands.call(() -> commands.redis().expire(commands.sessionKey(sid), commands.ttlSeconds));
    }

    @Override
    protected boolean merges() {
        return settings.saveStrategy() == SaveStrategy.MERGE;
    }

    @Override
    protected SaveOutcome writeMerged(ServerSideSession session) {
        return merge.save(session);
    }

    /**
     * Flask-Session's save: a plain {@code SET ... EX} of the whole session, so a key that merely expired (or that a
     * Flask-Session peer deleted) is written again, as Flask-Session writes it. Only an id this library moved or
     * ended on purpose, which its {@linkplain RedisTombstones tombstone} marks, is not.
     */
    @Override
    protected SaveOutcome write(ServerSideSession session) {
        Optional<String> movedFrom = session.previousSid();
        byte[] key = commands.sessionKey(session.sid());
        byte[] value = settings.format().encode(session.contents());
        if (movedFrom.isEmpty() && session.openedFrom().isPresent()) {
            SaveOutcome written = tombstones.setUnlessEnded(session.sid(), value);
            if (written != SaveOutcome.DATA) {
                return written;
            }
        } else {
            commands.call(() -> commands.redis().set(key, value, SetParams.setParams().ex(commands.ttlSeconds)));
        }
        if (movedFrom.isPresent()) {
            // Only once the new key is written: a failed save must leave the old session readable, and no live orphan.
            try {
                tombstones.retire(movedFrom.get(), RedisTombstones.Retired.MOVED);
            } catch (SessionStoreUnavailableException e) {
                commands.deleteBestEffort(key);
                throw e;
            }
        }
        users.indexAfterWrite(session);
        return SaveOutcome.DATA;
    }

    /** A {@code DEL}; a session read from Redis and emptied here leaves a tombstone, and so does the id it moved from. */
    @Override
    protected void delete(ServerSideSession session) {
        Optional<String> movedFrom = session.previousSid();
        if (session.openedFrom().isPresent() && movedFrom.isEmpty()) {
            tombstones.retire(session.sid(), RedisTombstones.Retired.ENDED);
        } else {
            commands.call(() -> commands.redis().del(commands.sessionKey(session.sid())));
        }
        movedFrom.ifPresent(old -> tombstones.retire(old, RedisTombstones.Retired.MOVED));
    }

    @Override
    protected void afterSave(ServerSideSession session, SaveOutcome saved) {
        users.unindexIfLeft(session, saved == SaveOutcome.DATA);
    }

    @Override
    protected String storedValueName() {
        return "the value under " + settings.keyPrefix() + "<id>";
    }

    /** For the merge and the user index: {@link #decode}, the one rule for every value read. */
    Optional<Map<String, Object>> readStored(byte[] stored) {
        return decode(stored);
    }

    /** For the merge: what a session made again holds before its changes. */
    Map<String, Object> freshStoredContents() {
        return freshContents();
    }

    /** For the user index: a value it cannot read counts as a fresh session's contents. */
    Map<String, Object> readOrFresh(byte[] stored) {
        return decode(stored).orElseGet(this::freshContents);
    }

    @Override
    public List<SessionInfo> sessionsOf(String user) {
        return users.sessionsOf(user);
    }

    @Override
    public int endAll(String user, SignOut signOut) {
        return users.endAll(user, signOut);
    }

    /** @return where "sign out everywhere" is recorded on this backend's Redis */
    public SignOutStore signOutStore() {
        return new RedisSignOutStore(client, settings);
    }

    /** @see RedisTombstones#endedKey */
    String endedKey(String sid) {
        return tombstones.endedKey(sid);
    }

    /** @see RedisCommands#redact */
    String redact(String message) {
        return commands.redact(message);
    }
}
