package dev.flasksession.redis;

import dev.flasksession.users.SignOutCheck;
import dev.flasksession.store.SaveStrategy;
import dev.flasksession.store.SessionDataException;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.store.ServerSideCookies;
import dev.flasksession.store.ServerSideSession;
import dev.flasksession.store.ServerSideSessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.users.SessionInfo;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutStore;
import dev.flasksession.users.UserSessionIndex;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;

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
public class RedisSessionInterface extends ServerSideSessionInterface implements UserSessionIndex {
    /** Flask-Session's salt for signed ids. */
    public static final String SIGNER_SALT = ServerSideCookies.SIGNER_SALT;
    /**
     * {@code SESSION_SAVE_STRATEGY=merge}'s compare-and-set: returns its {@linkplain #endedKey tombstone}'s
     * {@link Retired} name in a one-element list if the id was moved or ended on purpose ({@code KEYS[2]}); else
     * writes {@code ARGV[2]} (or deletes, leaving a tombstone named {@code ARGV[5]}, when it is empty) only if the
     * stored value's SHA-1 is still {@code ARGV[1]} ({@code ''} for no value); else returns what is stored, or 0 when
     * nothing is.
     */
    private static final byte[] COMPARE_AND_SET = bytes("local t = redis.call('GET', KEYS[2]) if t then return {t} end "
            + "local cur = redis.call('GET', KEYS[1]) "
            + "if (cur == false and ARGV[1] == '') or (cur ~= false and redis.sha1hex(cur) == ARGV[1]) then "
            + "if ARGV[2] == '' then redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[4]) redis.call('DEL', KEYS[1]) "
            + "else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end "
            + "return 1 end "
            + "if cur == false then return 0 end return cur");
    /**
     * Flask-Session's {@code SET key value EX ttl}, unless the id was moved or ended on purpose ({@code KEYS[2]}
     * exists, and its {@link Retired} name is returned): checked in the same step, so a sign-in or sign-out cannot
     * slip between the check and the write.
     */
    private static final byte[] SET_UNLESS_ENDED = bytes("local t = redis.call('GET', KEYS[2]) if t then return t end "
            + "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1");
    /**
     * How long an id this library moved or ended stays refused to late saves. Longer than any request should run
     * (servers and proxies time requests out well before), short enough that tombstones never pile up; a request
     * still running after that could bring the id back, as any Flask-Session save would.
     */
    static final long TOMBSTONE_SECONDS = 300;
    /**
     * Each conflict means another save of the session succeeded, so tries run out only when one request keeps losing
     * to a flood of others; a bound, so that a save never loops forever.
     */
    private static final int MERGE_TRIES = 50;

    private static final Logger LOG = Logger.getLogger(RedisSessionInterface.class.getName());
    /** Shared by every instance, so an outage is logged once, not once per injection point. */
    private static final AtomicBoolean DOWN = new AtomicBoolean();
    /** When each kind of refusal was last logged: once a minute each, not once per request, and never silenced. */
    private static final Map<String, Long> REFUSALS_LOGGED = new ConcurrentHashMap<>();
    /**
     * Until when to open without {@code GETEX}, after Redis said it has none; 0 while it has. Asked again after a
     * while, so an upgraded Redis gets the single command back. Shared like {@link #DOWN}.
     */
    private static final AtomicLong NO_GETEX_UNTIL = new AtomicLong();
    private static final AtomicBoolean NO_GETEX_LOGGED = new AtomicBoolean();
    /** {@link System#nanoTime()} of the latest failure that counted as an outage: see {@link #call}. */
    private static final AtomicLong LAST_OUTAGE_FAILURE = new AtomicLong(System.nanoTime());
    /** Error codes of a Redis that is up but cannot serve yet: see {@link #transientAsOutage}. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN",
            "READONLY");

    private final RedisSessionSettings settings;
    private final Supplier<UnifiedJedis> client;
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
        super(config, settings, clock);
        this.settings = settings;
        this.client = client;
        this.ttlSeconds = config.permanentSessionLifetime().toSeconds();
        if (ttlSeconds < 1) {
            throw new SessionConfigException(SessionConfig.PERMANENT_SESSION_LIFETIME, "must be at least 1 second with "
                    + "the Redis backend: it is the TTL of every stored session, and Redis refuses a TTL of 0");
        }
    }

    /** @return the Redis settings */
    public RedisSessionSettings settings() {
        return settings;
    }

    @Override
    public FlaskSession openSession(SessionRequest request) {
        Optional<String> requested = requestedSid(request);
        if (requested.isEmpty()) {
            return freshSession();
        }
        String sid = requested.get();
        byte[] key = bytes(storeKey(sid));
        Long[] provenSince = new Long[1];
        byte[] stored = call(() -> needsProvenTimes() ? getProvingSince(key, provenSince)
                : config().refreshEachRequest() ? getAndRenew(key) : redis().get(key));
        Optional<Map<String, Object>> contents = stored == null ? Optional.empty() : decode(stored);
        if (contents.isEmpty()) {
            return freshSession();
        }
        ServerSideSession session = new ServerSideSession(contents.get(), sid, false);
        session.rememberOpenedFrom(stored);
        if (ServerSideCookies.signedWithFallbackKey(this, request, signer, sid)) {
            session.markSignedWithFallbackKey();
        }
        if (provenSince[0] != null) {
            session.rememberProvenSince(provenSince[0]);
        }
        if (isExpired(contents.get(), provenSince[0])) {
            expire(session);
        }
        return session;
    }

    /**
     * The one rule for every value read from Redis, whichever path reads it: a value beyond
     * {@code SESSION_MAX_PAYLOAD_BYTES} is not decoded, and one that neither msgpack nor JSON reads is never
     * deserialized; either is logged (without its key) and counts as no session.
     *
     * @param stored a stored value
     * @return its contents, or empty when it is refused
     */
    private Optional<Map<String, Object>> decode(byte[] stored) {
        if (stored.length > config().maxPayloadBytes()) {
            LOG.warning(() -> "flask-session: the value under " + settings.keyPrefix() + "<id> is " + stored.length
                    + " bytes, more than SESSION_MAX_PAYLOAD_BYTES (" + config().maxPayloadBytes()
                    + "); it is not decoded, and is read as no session");
            return Optional.empty();
        }
        try {
            return Optional.of(settings.format().decode(stored));
        } catch (SessionDataException e) {
            LOG.warning(() -> "flask-session: the data under " + settings.keyPrefix() + "<id> is neither msgpack nor JSON "
                    + "(pickled by an older Flask-Session?) and is never deserialized; it is read as no session");
            return Optional.empty();
        }
    }

    /**
     * Reads the value with what is left of its TTL, in one pipelined round trip: every write sets the TTL to
     * {@code PERMANENT_SESSION_LIFETIME}, so what is left tells when the value was last written or renewed, the
     * earliest time Redis proves the session existed. Nothing is renewed here: a renewal before the timeouts and the
     * sign-out check have passed would prove "now" to the next request; {@link #saveSession} renews instead. A value
     * without a TTL, or one that would have been written in the future (a peer with a longer lifetime), proves
     * nothing.
     *
     * @param key         the key
     * @param provenSince receives that time, in epoch seconds, or {@code null}
     * @return the value, or {@code null}
     */
    private byte[] getProvingSince(byte[] key, Long[] provenSince) {
        long nowMillis = clock().millis();
        try (AbstractPipeline pipeline = redis().pipelined()) {
            Response<byte[]> value = pipeline.get(key);
            Response<Long> leftMillis = pipeline.pttl(key);
            pipeline.sync();
            long left = leftMillis.get();
            long writtenMillis = nowMillis - (ttlSeconds * 1000 - left);
            if (value.get() != null && left >= 0 && writtenMillis <= nowMillis + CLOCK_SKEW_SECONDS * 1000) {
                provenSince[0] = Math.floorDiv(Math.min(writtenMillis, nowMillis), 1000);
            }
            return value.get();
        }
    }

    private byte[] getAndRenew(byte[] key) {
        long until = NO_GETEX_UNTIL.get();
        if (until == 0 || System.nanoTime() - until > 0) {
            try {
                byte[] value = redis().getEx(key, GetExParams.getExParams().ex(ttlSeconds));
                NO_GETEX_UNTIL.set(0);
                return value;
            } catch (JedisDataException e) {
                if (!isUnknownCommand(e, "getex")) {
                    throw e;
                }
                NO_GETEX_UNTIL.set(System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
                if (NO_GETEX_LOGGED.compareAndSet(false, true)) {
                    LOG.warning("flask-session: this Redis has no GETEX (it is older than 6.2); sessions are opened "
                            + "with GET and EXPIRE in one pipelined round trip, and GETEX is tried again every 10 minutes");
                }
            }
        }
        // Pipelined rather than scripted, so that it works where scripting is disabled too.
        try (AbstractPipeline pipeline = redis().pipelined()) {
            Response<byte[]> value = pipeline.get(key);
            pipeline.expire(key, ttlSeconds);
            pipeline.sync();
            return value.get();
        }
    }

    private boolean isUnknownCommand(JedisDataException e, String command) {
        // Redis 6 quotes the name in backticks, Redis 7 in single quotes; the arguments after it are never looked at.
        String message = redact(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unknown command") && message.contains(command);
    }

    @Override
    public void saveSession(FlaskSession flaskSession, SessionResponse response) {
        ServerSideSession session = ServerSideCookies.beforeSave(this, flaskSession, response, this::regenerate,
                this::changedSinceOpened);
        boolean merge = settings.saveStrategy() == SaveStrategy.MERGE && !session.wasExpired();
        if (merge && (session.isMarkedModified() || config().detectNestedChanges())) {
            // Named keys only: a put alone would hide an in-place change made in the same request, and markModified()
            // names none, so the keys whose values differ from what was opened are this request's to write too.
            session.markChangedInside(changedSinceOpened(session));
        }
        Saved saved;
        if (!session.isModified()) {
            saved = session.hasData() ? Saved.DATA : Saved.NOTHING;
            if (saved == Saved.DATA && needsProvenTimes() && config().refreshEachRequest()) {
                // The renewal that opening left out, now that the session passed its checks.
                call(() -> redis().expire(bytes(storeKey(session.sid())), ttlSeconds));
            }
        } else if (merge) {
            saved = saveMerged(session);
        } else {
            saved = saveWhole(session);
        }
        if (saved == Saved.ENDED || saved == Saved.MOVED) {
            session.markDropped();
        }
        unindexIfLeft(session, saved == Saved.DATA);
        if (saved != Saved.MOVED) {
            ServerSideCookies.respond(this, session, response, signer, saved == Saved.DATA);
        }
    }

    /** Why this library took an id out of use, as its tombstone names it. */
    private enum Retired {
        /** A sign-out, a clear or the per-user cap ended it: a late save on it is answered as signed out. */
        ENDED,
        /**
         * A sign-in moved it to a new id: a late save on it writes nothing and leaves the cookie alone, since the
         * browser may hold the new id already, which a deleting cookie would sign out.
         */
        MOVED;

        byte[] tag() {
            return bytes(name().toLowerCase(Locale.ROOT));
        }

        /** Any other tombstone (an older release wrote "1") counts as ended. */
        static Saved outcome(Object tombstone) {
            return tombstone instanceof byte[] b && Arrays.equals(b, MOVED.tag()) ? Saved.MOVED : Saved.ENDED;
        }
    }

    /** What a save left in the store, which decides the cookie. */
    private enum Saved {
        /** The session is stored. */
        DATA,
        /** Nothing is stored: the session is empty, and its cookie is deleted. */
        NOTHING,
        /**
         * This library ended the id (a sign-out, a clear, the per-user cap) while this request ran: nothing was
         * written, and the request is answered as a signed-out one, with a deleting cookie, rather than a 2xx that
         * silently brought the id back.
         */
        ENDED,
        /**
         * A sign-in moved the id while this request ran: nothing was written, and the cookie is left as the client has
         * it now, which may already be the new id.
         */
        MOVED
    }

    /**
     * Compares as the store would hold the values: a change deep inside a nested value shows, and a value read in the
     * other format ({@code SESSION_SERIALIZATION_FORMAT} switched) that holds the same data does not.
     */
    private Set<String> changedSinceOpened(ServerSideSession session) {
        return session.openedFrom().map(opened -> settings.format().changedKeys(opened, session.contents()))
                .orElse(Set.of());
    }

    /**
     * Flask-Session's save: a plain {@code SET ... EX} of the whole session, or a {@code DEL} for an empty one, so a
     * key that merely expired (or that a Flask-Session peer deleted) is written again, as Flask-Session writes it.
     * Only an id this library moved or ended on purpose, which its {@linkplain #endedKey tombstone} marks, is not.
     */
    private Saved saveWhole(ServerSideSession session) {
        Optional<String> movedFrom = session.previousSid();
        if (!session.hasData()) {
            if (session.openedFrom().isPresent() && movedFrom.isEmpty()) {
                retire(session.sid(), Retired.ENDED);
            } else {
                call(() -> redis().del(bytes(storeKey(session.sid()))));
            }
            movedFrom.ifPresent(old -> retire(old, Retired.MOVED));
            return Saved.NOTHING;
        }
        byte[] key = bytes(storeKey(session.sid()));
        byte[] value = settings.format().encode(session.contents());
        if (movedFrom.isEmpty() && session.openedFrom().isPresent()) {
            Object written = call(() -> redis().eval(SET_UNLESS_ENDED, 2, key, bytes(endedKey(session.sid())), value,
                    bytes(Long.toString(ttlSeconds))));
            if (!(written instanceof Long done && done == 1L)) {
                return Retired.outcome(written);
            }
        } else {
            call(() -> redis().set(key, value, SetParams.setParams().ex(ttlSeconds)));
        }
        if (movedFrom.isPresent()) {
            // Only once the new key is written: a failed save must leave the old session readable, and no live orphan.
            try {
                retire(movedFrom.get(), Retired.MOVED);
            } catch (SessionStoreUnavailableException e) {
                deleteBestEffort(key);
                throw e;
            }
        }
        indexAfterWrite(session);
        return Saved.DATA;
    }

    /**
     * Takes an id out of use on purpose: its tombstone first, so that no late save can write the key again between the
     * two commands, then the key.
     */
    private void retire(String sid, Retired why) {
        call(() -> redis().set(bytes(endedKey(sid)), why.tag(), SetParams.setParams().ex(TOMBSTONE_SECONDS)));
        call(() -> redis().del(bytes(storeKey(sid))));
    }

    /**
     * Where an id this library moved or ended on purpose is marked, so that a late save on it writes nothing: after
     * the prefix, {@code ended:} (a {@code :} no cookie can name) and the id, with a Cluster hash tag that puts it in
     * the session key's slot, so one script can check it and write the key also on Cluster. A prefix holding braces
     * has its own hash tag, which both keys share already.
     *
     * @param sid a session id
     * @return its tombstone's key
     */
    String endedKey(String sid) {
        String prefix = settings.keyPrefix();
        String tombstone = prefix + "ended:" + sid;
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            return tombstone;
        }
        return tombstone + "{" + SlotTags.TAGS[JedisClusterCRC16.getSlot(storeKey(sid))] + "}";
    }

    /** For every Cluster slot, a short hash tag that falls into it; found once, on first use. */
    private static final class SlotTags {
        static final String[] TAGS = new String[16384];

        static {
            int found = 0;
            for (long n = 0; found < TAGS.length; n++) {
                String tag = Long.toString(n, 36);
                int slot = JedisClusterCRC16.getSlot(tag);
                if (TAGS[slot] == null) {
                    TAGS[slot] = tag;
                    found++;
                }
            }
        }
    }

    /**
     * Indexes a session just written. After a move the client needs the new id's cookie whatever happens here, for
     * its old id's key is gone: an index failure then costs only the index entry (one log line), never the cookie.
     */
    private void indexAfterWrite(ServerSideSession session) {
        try {
            index(session.sid(), session.contents());
        } catch (SessionStoreUnavailableException e) {
            if (session.previousSid().isEmpty()) {
                throw e;
            }
            LOG.warning("flask-session: a session moved to a new id, but its user's index could not be updated ("
                    + e.getMessage() + "); the new id is kept, and the index entry is missing until its next save");
        }
    }

    private void deleteBestEffort(byte[] key) {
        try {
            call(() -> redis().del(key));
        } catch (SessionStoreUnavailableException e) {
            LOG.log(Level.FINE, "An orphaned new session key could not be deleted; it expires with its TTL", e);
        }
    }

    /**
     * {@code SESSION_SAVE_STRATEGY=merge}: writes only if what is stored is still what this request opened, in one
     * round trip. If another request saved meanwhile, this request's changes are applied to what it saved and the
     * write is tried again; after {@value #MERGE_TRIES} tries the request gets a 503 rather than lose its change.
     *
     * <p>What a request changed: the keys it set or removed, a clear, and the keys whose values differ from what it
     * opened (compared as the store holds them, see {@link SerializationFormat#changedKeys}), found when
     * {@code SESSION_DETECT_NESTED_CHANGES} is on or {@link FlaskSession#markModified()} was called. Every other key
     * keeps what is stored now: the request's copy of it is stale. {@code markModified()} with no key differing still
     * writes (what is stored, renewing its TTL), as Flask's {@code session.modified = True} does. A key that went
     * without a tombstone (expired, deleted by a Flask-Session peer) is made again from fresh contents and this
     * request's changes; one that this library ended on purpose is not, and the request is answered as signed out.
     * A stored value this library cannot read (beyond {@code SESSION_MAX_PAYLOAD_BYTES}, or neither msgpack nor JSON)
     * is never overwritten: the request gets a 503.
     *
     * <p>A session moving to a new id ({@code regenerate()}, on sign-in) takes what the old id holds at the moment of
     * the move, this request's changes applied to it, so a change another request saved on the old id meanwhile is
     * carried over. Each command touches one key's slot, so this works on Cluster too, where the two ids lie in
     * different slots: the new key is written first, so a failed move leaves the old session readable, and then the
     * compare-and-set deletes the old key (leaving its tombstone) only if it still holds what the new one was made
     * from; else the new one is made again from what the old one holds now. If the old id was ended or moved by
     * another request first, the new key is deleted again.
     */
    private Saved saveMerged(ServerSideSession session) {
        byte[] key = bytes(storeKey(session.sid()));
        Optional<String> movedFrom = session.previousSid();
        byte[] expected = session.openedFrom().orElse(null);
        // Without a conflict, this session's own contents are its changes applied to what it opened.
        Map<String, Object> target = session.contents();
        for (int attempt = 1; attempt <= MERGE_TRIES; attempt++) {
            boolean holdsData = session.wouldHoldData(target);
            byte[] value = holdsData ? settings.format().encode(target) : new byte[0];
            Object answer;
            if (movedFrom.isEmpty()) {
                answer = compareAndSet(session.sid(), expected, value, Retired.ENDED);
            } else {
                if (holdsData) {
                    call(() -> redis().set(key, value, SetParams.setParams().ex(ttlSeconds)));
                } else {
                    call(() -> redis().del(key));
                }
                try {
                    answer = compareAndSet(movedFrom.get(), expected, new byte[0], Retired.MOVED);
                } catch (SessionStoreUnavailableException e) {
                    deleteBestEffort(key);
                    throw e;
                }
            }
            if (answer instanceof Long done && done == 1L) {
                if (holdsData) {
                    indexAfterWrite(session);
                }
                return holdsData ? Saved.DATA : Saved.NOTHING;
            }
            if (answer instanceof List<?> tombstone) {
                if (movedFrom.isPresent()) {
                    deleteBestEffort(key);
                }
                return Retired.outcome(tombstone.isEmpty() ? null : tombstone.get(0));
            }
            if (answer instanceof byte[] storedNow) {
                expected = storedNow;
                // At once: the value just returned is the freshest there is, and any wait would let others write first.
                target = session.applyChangesTo(decode(storedNow).orElseThrow(this::unreadableStoredValue));
            } else {
                // Gone without a tombstone (expired, or a Flask-Session peer deleted it): made again, as Flask-Session would.
                expected = null;
                target = session.applyChangesTo(freshContents());
            }
        }
        throw tooManyConcurrentSaves();
    }

    private SessionStoreUnavailableException unreadableStoredValue() {
        return new SessionStoreUnavailableException("A concurrent save stored a session value this service cannot "
                + "read; it is not overwritten", settings.retryAfterSeconds(), null);
    }

    /**
     * @param expected what the key must hold for the write to happen; {@code null} for nothing
     * @param value    what to write; empty to delete
     * @param why      what a delete leaves in the tombstone
     * @return 1 when written, a one-element list with the tombstone's name when the id was moved or ended on purpose,
     *     else what the key holds now, or 0 when it holds nothing but {@code expected} was a value
     */
    private Object compareAndSet(String sid, byte[] expected, byte[] value, Retired why) {
        byte[] expectedHash = bytes(expected == null ? "" : sha1Hex(expected));
        return call(() -> redis().eval(COMPARE_AND_SET, 2, bytes(storeKey(sid)), bytes(endedKey(sid)), expectedHash,
                value, bytes(Long.toString(ttlSeconds)), bytes(Long.toString(TOMBSTONE_SECONDS)), why.tag()));
    }

    private SessionStoreUnavailableException tooManyConcurrentSaves() {
        if (REFUSALS_LOGGED.putIfAbsent("MERGE", System.nanoTime()) == null) {
            LOG.warning("flask-session: a session save met a concurrent save " + MERGE_TRIES + " times in a row and "
                    + "was answered 503 rather than lose its change; so many concurrent writes to one session are "
                    + "unusual");
        }
        return new SessionStoreUnavailableException("Too many concurrent saves of one session", settings.retryAfterSeconds(), null);
    }

    private String userIndexKey(String user) {
        return settings.keyPrefix() + "user:" + user;
    }

    /**
     * Records a written session in its user's index ({@code SESSION_TRACK_USERS}): a hash of session id to when it
     * joined, in epoch milliseconds, which expires with the newest session in it. A session new to the index cleans it of dead
     * entries, so the index stays bounded by the user's live sessions at write time too, without keyspace
     * notifications (unreliable on Cluster); with {@code SESSION_MAX_PER_USER}, it then ends the user's oldest other
     * sessions beyond the cap.
     */
    private void index(String sid, Map<String, Object> contents) {
        Object user = contents.get(config().userKey());
        if (!config().trackUsers() || user == null) {
            return;
        }
        String key = userIndexKey(String.valueOf(user));
        long joined = clock().millis();
        long added = call(() -> redis().hsetnx(key, sid, Long.toString(joined)));
        call(() -> redis().expire(key, ttlSeconds));
        if (added != 1) {
            return;
        }
        List<Indexed> others = liveSessions(String.valueOf(user));
        others.removeIf(s -> s.sid().equals(sid));
        int cap = config().maxPerUser();
        int excess = others.size() + 1 - cap;
        if (cap == 0 || excess <= 0) {
            return;
        }
        // Only sessions that joined before this one, oldest first: two concurrent sign-ins must not end each other.
        for (Indexed other : others) {
            boolean joinedBefore = other.joined() < joined || (other.joined() == joined && other.sid().compareTo(sid) < 0);
            if (excess > 0 && joinedBefore) {
                excess--;
                retire(other.sid(), Retired.ENDED);
                call(() -> redis().hdel(key, other.sid()));
            }
        }
    }

    /**
     * Takes a session out of the index of the user it opened with once it no longer holds that user there: signed
     * out, emptied, or moved to a new id.
     */
    private void unindexIfLeft(ServerSideSession session, boolean holdsData) {
        Object before = session.valueAtOpen(config().userKey());
        if (!config().trackUsers() || before == null) {
            return;
        }
        Object now = holdsData ? session.contents().get(config().userKey()) : null;
        if (session.previousSid().isPresent() || now == null || !String.valueOf(before).equals(String.valueOf(now))) {
            String opened = session.previousSid().orElseGet(session::sid);
            call(() -> redis().hdel(userIndexKey(String.valueOf(before)), opened));
        }
    }

    /** An index entry whose session is alive and still belongs to the user. */
    private record Indexed(String sid, long created, long seen, long joined, Map<String, Object> contents) {
        /** Oldest first; the id breaks ties, so that every reader sees the same order. */
        static final Comparator<Indexed> ORDER = Comparator.comparingLong(Indexed::created).thenComparing(Indexed::sid);
    }

    private long now() {
        return clock().instant().getEpochSecond();
    }

    /**
     * Reads a user's index, dropping entries whose session expired, was deleted, now holds another user, or carries
     * time stamps this library cannot have written. The sessions are read in one pipelined round trip.
     */
    private List<Indexed> liveSessions(String user) {
        String key = userIndexKey(user);
        Map<String, String> entries = call(() -> redis().hgetAll(key));
        List<String> sids = new ArrayList<>(entries.keySet());
        List<Indexed> live = new ArrayList<>();
        if (sids.isEmpty()) {
            return live;
        }
        List<Response<byte[]>> values = new ArrayList<>();
        call(() -> {
            try (AbstractPipeline pipeline = redis().pipelined()) {
                sids.forEach(sid -> values.add(pipeline.get(bytes(storeKey(sid)))));
                pipeline.sync();
            }
            return null;
        });
        long now = now();
        for (int i = 0; i < sids.size(); i++) {
            String sid = sids.get(i);
            byte[] stored = values.get(i).get();
            Map<String, Object> contents = stored == null ? null : readOrFresh(stored);
            long created = contents == null ? INVALID : stamp(contents.get(FlaskSession.CREATED_KEY), now);
            long seen = contents == null ? INVALID : stamp(contents.get(FlaskSession.SEEN_KEY), now);
            if (contents == null || created == INVALID || seen == INVALID
                    || contents.get(config().userKey()) == null
                    || !user.equals(String.valueOf(contents.get(config().userKey()))) || isExpired(contents)) {
                call(() -> redis().hdel(key, sid));
                continue;
            }
            long start = Math.max(0, created);
            live.add(new Indexed(sid, start, Math.max(start, seen), joinedMillis(entries.get(sid)), contents));
        }
        live.sort(Indexed.ORDER);
        return live;
    }

    /** @return an index entry's join time; 0 for an entry of the first release, which held "created,seen" */
    private static long joinedMillis(String entry) {
        try {
            return Long.parseLong(entry);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<SessionInfo> sessionsOf(String user) {
        List<SessionInfo> out = new ArrayList<>();
        for (Indexed s : liveSessions(user)) {
            out.add(new SessionInfo(ServerSideSession.handleOf(s.sid()), Instant.ofEpochSecond(s.created()), Instant.ofEpochSecond(s.seen())));
        }
        return out;
    }

    @Override
    public int endAll(String user, SignOut signOut) {
        int ended = 0;
        long now = now();
        for (Indexed s : liveSessions(user)) {
            if (SignOutCheck.ends(signOut, s.contents(), Optional.of(ServerSideSession.handleOf(s.sid())), null, now)) {
                retire(s.sid(), Retired.ENDED);
                call(() -> redis().hdel(userIndexKey(user), s.sid()));
                ended++;
            }
        }
        return ended;
    }

    /** @return where "sign out everywhere" is recorded on this backend's Redis */
    public SignOutStore signOutStore() {
        return new RedisSignOutStore(client, settings);
    }

    private Map<String, Object> readOrFresh(byte[] stored) {
        return decode(stored).orElseGet(this::freshContents);
    }

    private static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
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
            long now = System.nanoTime();
            Long last = REFUSALS_LOGGED.get(code);
            if ((last == null || now - last > TimeUnit.MINUTES.toNanos(1)) && REFUSALS_LOGGED.put(code, now) == last) {
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
