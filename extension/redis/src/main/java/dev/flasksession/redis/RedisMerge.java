package dev.flasksession.redis;

import static dev.flasksession.redis.RedisCommands.bytes;

import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.store.SaveOutcome;
import dev.flasksession.store.ServerSideSession;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.params.SetParams;

/**
 * {@code SESSION_SAVE_STRATEGY=merge}: writes only if what is stored is still what this request opened, in one
 * round trip. If another request saved meanwhile, this request's changes are applied to what it saved and the
 * write is tried again; after {@value #MERGE_TRIES} tries the request gets a 503 rather than lose its change.
 *
 * <p>What a request changed: the keys it set or removed, a clear, and the keys whose values differ from what it
 * opened (compared as the store holds them, see {@link dev.flasksession.store.SerializationFormat#changedKeys}), found
 * when {@code SESSION_DETECT_NESTED_CHANGES} is on or {@code markModified()} was called. Every other key keeps what is
 * stored now: the request's copy of it is stale. {@code markModified()} with no key differing still writes (what is
 * stored, renewing its TTL), as Flask's {@code session.modified = True} does. A key that went without a tombstone
 * (expired, deleted by a Flask-Session peer) is made again from fresh contents and this request's changes; one that
 * this library ended on purpose is not, and the request is answered as signed out. A stored value this library cannot
 * read (beyond {@code SESSION_MAX_PAYLOAD_BYTES}, or neither msgpack nor JSON) is never overwritten: the request gets
 * a 503.
 *
 * <p>A session moving to a new id ({@code regenerate()}, on sign-in) takes what the old id holds at the moment of
 * the move, this request's changes applied to it, so a change another request saved on the old id meanwhile is
 * carried over. Each command touches one key's slot, so this works on Cluster too, where the two ids lie in
 * different slots: the new key is written first, so a failed move leaves the old session readable, and then the
 * compare-and-set deletes the old key (leaving its tombstone) only if it still holds what the new one was made
 * from; else the new one is made again from what the old one holds now. If the old id was ended or moved by
 * another request first, the new key is deleted again.
 */
final class RedisMerge {
    /**
     * The compare-and-set: returns its {@linkplain RedisTombstones#endedKey tombstone}'s
     * {@link RedisTombstones.Retired} name in a one-element list if the id was moved or ended on purpose
     * ({@code KEYS[2]}); else writes {@code ARGV[2]} (or deletes, leaving a tombstone named {@code ARGV[5]}, when it
     * is empty) only if the stored value's SHA-1 is still {@code ARGV[1]} ({@code ''} for no value); else returns what
     * is stored, or 0 when nothing is.
     */
    private static final byte[] COMPARE_AND_SET = bytes("local t = redis.call('GET', KEYS[2]) if t then return {t} end "
            + "local cur = redis.call('GET', KEYS[1]) "
            + "if (cur == false and ARGV[1] == '') or (cur ~= false and redis.sha1hex(cur) == ARGV[1]) then "
            + "if ARGV[2] == '' then redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[4]) redis.call('DEL', KEYS[1]) "
            + "else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end "
            + "return 1 end "
            + "if cur == false then return 0 end return cur");
    /**
     * Each conflict means another save of the session succeeded, so tries run out only when one request keeps losing
     * to a flood of others; a bound, so that a save never loops forever.
     */
    private static final int MERGE_TRIES = 50;
    /** The line about a save that ran out of tries is logged once: it says the load is unusual, not what to fix. */
    private static final AtomicBoolean TOO_MANY_LOGGED = new AtomicBoolean();

    private final RedisSessionInterface backend;
    private final RedisUserIndex users;
    private final RedisCommands commands;
    private final RedisTombstones tombstones;

    RedisMerge(RedisSessionInterface backend, RedisUserIndex users) {
        this.backend = backend;
        this.users = users;
        this.commands = users.commands;
        this.tombstones = users.tombstones;
    }

    /**
     * @param session a modified session, whose changed keys are named
     * @return what the save left in the store
     */
    SaveOutcome save(ServerSideSession session) {
        byte[] key = commands.sessionKey(session.sid());
        Optional<String> movedFrom = session.previousSid();
        byte[] expected = session.openedFrom().orElse(null);
        // Without a conflict, this session's own contents are its changes applied to what it opened.
        Map<String, Object> target = session.contents();
        for (int attempt = 1; attempt <= MERGE_TRIES; attempt++) {
            boolean holdsData = session.wouldHoldData(target);
            byte[] value = holdsData ? backend.settings().format().encode(target) : new byte[0];
            Object answer;
            if (movedFrom.isEmpty()) {
                answer = compareAndSet(session.sid(), expected, value, RedisTombstones.Retired.ENDED);
            } else {
                if (holdsData) {
                    commands.call(() -> commands.redis().set(key, value, SetParams.setParams().ex(commands.ttlSeconds)));
                } else {
                    commands.call(() -> commands.redis().del(key));
                }
                try {
                    answer = compareAndSet(movedFrom.get(), expected, new byte[0], RedisTombstones.Retired.MOVED);
                } catch (SessionStoreUnavailableException e) {
                    commands.deleteBestEffort(key);
                    throw e;
                }
            }
            if (answer instanceof Long done && done == 1L) {
                if (holdsData) {
                    users.indexAfterWrite(session);
                }
                return holdsData ? SaveOutcome.DATA : SaveOutcome.NOTHING;
            }
            if (answer instanceof List<?> tombstone) {
                if (movedFrom.isPresent()) {
                    commands.deleteBestEffort(key);
                }
                return RedisTombstones.Retired.outcome(tombstone.isEmpty() ? null : tombstone.get(0));
            }
            if (answer instanceof byte[] storedNow) {
                expected = storedNow;
                // At once: the value just returned is the freshest there is, and any wait would let others write first.
                target = session.applyChangesTo(backend.readStored(storedNow).orElseThrow(() -> commands.unavailable(
                        "A concurrent save stored a session value this service cannot read; it is not overwritten")));
            } else {
                // Gone without a tombstone (expired, or a Flask-Session peer deleted it): made again, as Flask-Session would.
                expected = null;
                target = session.applyChangesTo(backend.freshStoredContents());
            }
        }
        throw tooManyConcurrentSaves();
    }

    /**
     * @param expected what the key must hold for the write to happen; {@code null} for nothing
     * @param value    what to write; empty to delete
     * @param why      what a delete leaves in the tombstone
     * @return 1 when written, a one-element list with the tombstone's name when the id was moved or ended on purpose,
     *     else what the key holds now, or 0 when it holds nothing but {@code expected} was a value
     */
    private Object compareAndSet(String sid, byte[] expected, byte[] value, RedisTombstones.Retired why) {
        byte[] expectedHash = bytes(expected == null ? "" : sha1Hex(expected));
        return commands.call(() -> commands.redis().eval(COMPARE_AND_SET, 2, commands.sessionKey(sid),
                bytes(tombstones.endedKey(sid)), expectedHash, value, bytes(Long.toString(commands.ttlSeconds)),
                bytes(Long.toString(RedisTombstones.TOMBSTONE_SECONDS)), why.tag()));
    }

    private SessionStoreUnavailableException tooManyConcurrentSaves() {
        if (TOO_MANY_LOGGED.compareAndSet(false, true)) {
            RedisCommands.LOG.warning("flask-session: a session save met a concurrent save " + MERGE_TRIES + " times in "
                    + "a row and was answered 503 rather than lose its change; so many concurrent writes to one "
                    + "session are unusual");
        }
        return commands.unavailable("Too many concurrent saves of one session");
    }

    private static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }
}
