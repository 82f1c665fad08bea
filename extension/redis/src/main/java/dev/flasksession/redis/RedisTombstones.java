package dev.flasksession.redis;

import static dev.flasksession.redis.RedisCommands.bytes;

import dev.flasksession.store.SaveOutcome;
import java.util.Arrays;
import java.util.Locale;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The marks an id this library moved or ended on purpose leaves behind, so that a request still running on it (a late
 * save) writes nothing: after a sign-out, a clear or the per-user cap it is answered as signed out, after a sign-in
 * it leaves the cookie alone.
 */
final class RedisTombstones {
    /**
     * How long an id this library moved or ended stays refused to late saves. Longer than any request should run
     * (servers and proxies time requests out well before), short enough that tombstones never pile up; a request
     * still running after that could bring the id back, as any Flask-Session save would.
     */
    static final long TOMBSTONE_SECONDS = 300;
    /**
     * Flask-Session's {@code SET key value EX ttl}, unless the id was moved or ended on purpose ({@code KEYS[2]}
     * exists, and its {@link Retired} name is returned): checked in the same step, so a sign-in or sign-out cannot
     * slip between the check and the write.
     */
    private static final byte[] SET_UNLESS_ENDED = bytes("local t = redis.call('GET', KEYS[2]) if t then return t end "
            + "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1");

    /** Why this library took an id out of use, as its tombstone names it. */
    enum Retired {
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
        static SaveOutcome outcome(Object tombstone) {
            return tombstone instanceof byte[] b && Arrays.equals(b, MOVED.tag()) ? SaveOutcome.MOVED : SaveOutcome.ENDED;
        }
    }

    /** How its commands are sent; the user index, which ends sessions through it, sends its own the same way. */
    final RedisCommands commands;
    private final String prefix;

    RedisTombstones(RedisCommands commands, String prefix) {
        this.commands = commands;
        this.prefix = prefix;
    }

    /**
     * Takes an id out of use on purpose: its tombstone first, so that no late save can write the key again between the
     * two commands, then the key.
     */
    void retire(String sid, Retired why) {
        commands.call(() -> commands.redis().set(bytes(endedKey(sid)), why.tag(),
                SetParams.setParams().ex(TOMBSTONE_SECONDS)));
        commands.call(() -> commands.redis().del(commands.sessionKey(sid)));
    }

    /**
     * Flask-Session's overwrite of a session read from Redis, unless its id was moved or ended on purpose meanwhile.
     *
     * @return {@link SaveOutcome#DATA} when written; else what the tombstone says
     */
    SaveOutcome setUnlessEnded(String sid, byte[] value) {
        Object written = commands.call(() -> commands.redis().eval(SET_UNLESS_ENDED, 2, commands.sessionKey(sid),
                bytes(endedKey(sid)), value, bytes(Long.toString(commands.ttlSeconds))));
        return written instanceof Long done && done == 1L ? SaveOutcome.DATA : Retired.outcome(written);
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
        String tombstone = prefix + "ended:" + sid;
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            return tombstone;
        }
        return tombstone + "{" + SlotTags.TAGS[JedisClusterCRC16.getSlot(prefix + sid)] + "}";
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
}
