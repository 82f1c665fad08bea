package dev.flasksession.redis;

import static dev.flasksession.session.SessionTimeouts.INVALID;
import static dev.flasksession.session.SessionTimeouts.stamp;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionTimeouts;
import dev.flasksession.session.SessionStoreUnavailableException;
import dev.flasksession.store.ServerSideSession;
import dev.flasksession.users.SessionInfo;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutCheck;
import dev.flasksession.users.UserSessionIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * {@code SESSION_TRACK_USERS} on Redis: each user's sessions in a hash under {@code SESSION_KEY_PREFIX + "user:" +
 * user}, for the devices list, "sign out everywhere" and {@code SESSION_MAX_PER_USER}.
 */
final class RedisUserIndex implements UserSessionIndex {
    private final RedisSessionInterface backend;
    /** How commands are sent, and the tombstones: shared with the merge, which indexes what it writes. */
    final RedisCommands commands;
    final RedisTombstones tombstones;

    RedisUserIndex(RedisSessionInterface backend, RedisTombstones tombstones) {
        this.backend = backend;
        this.tombstones = tombstones;
        this.commands = tombstones.commands;
    }

    private SessionConfig config() {
        return backend.config();
    }

    private String userIndexKey(String user) {
        return backend.settings().keyPrefix() + "user:" + user;
    }

    /**
     * Indexes a session just written. After a move the client needs the new id's cookie whatever happens here, for
     * its old id's key is gone: an index failure then costs only the index entry (one log line), never the cookie.
     */
    void indexAfterWrite(ServerSideSession session) {
        try {
            index(session.sid(), session.contents());
        } catch (SessionStoreUnavailableException e) {
            if (session.previousSid().isEmpty()) {
                throw e;
            }
            RedisCommands.LOG.warning("flask-session: a session moved to a new id, but its user's index could not be "
                    + "updated (" + e.getMessage() + "); the new id is kept, and the index entry is missing until its "
                    + "next save");
        }
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
        long joined = backend.clock().millis();
        long added = commands.call(() -> commands.redis().hsetnx(key, sid, Long.toString(joined)));
        commands.call(() -> commands.redis().expire(key, commands.ttlSeconds));
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
                tombstones.retire(other.sid(), RedisTombstones.Retired.ENDED);
                commands.call(() -> commands.redis().hdel(key, other.sid()));
            }
        }
    }

    /**
     * Takes a session out of the index of the user it opened with once it no longer holds that user there: signed
     * out, emptied, or moved to a new id.
     */
    void unindexIfLeft(ServerSideSession session, boolean holdsData) {
        Object before = session.valueAtOpen(config().userKey());
        if (!config().trackUsers() || before == null) {
            return;
        }
        Object now = holdsData ? session.contents().get(config().userKey()) : null;
        if (session.previousSid().isPresent() || now == null || !String.valueOf(before).equals(String.valueOf(now))) {
            String opened = session.previousSid().orElseGet(session::sid);
            commands.call(() -> commands.redis().hdel(userIndexKey(String.valueOf(before)), opened));
        }
    }

    /** An index entry whose session is alive and still belongs to the user. */
    private record Indexed(String sid, long created, long seen, long joined, Map<String, Object> contents) {
        /** Oldest first; the id breaks ties, so that every reader sees the same order. */
        static final Comparator<Indexed> ORDER = Comparator.comparingLong(Indexed::created).thenComparing(Indexed::sid);
    }

    private long now() {
        return backend.clock().instant().getEpochSecond();
    }

    /**
     * Reads a user's index, dropping entries whose session expired, was deleted, now holds another user, or carries
     * time stamps this library cannot have written. The sessions are read in one pipelined round trip.
     */
    private List<Indexed> liveSessions(String user) {
        String key = userIndexKey(user);
        Map<String, String> entries = commands.call(() -> commands.redis().hgetAll(key));
        List<String> sids = new ArrayList<>(entries.keySet());
        List<Indexed> live = new ArrayList<>();
        if (sids.isEmpty()) {
            return live;
        }
        // Each reply is taken inside the call, so that an error reply (WRONGTYPE, say) is a 503, not an escape.
        List<byte[]> values = commands.call(() -> {
            List<Response<byte[]>> replies = new ArrayList<>();
            try (AbstractPipeline pipeline = commands.redis().pipelined()) {
                sids.forEach(sid -> replies.add(pipeline.get(commands.sessionKey(sid))));
                pipeline.sync();
            }
            List<byte[]> read = new ArrayList<>();
            replies.forEach(reply -> read.add(reply.get()));
            return read;
        });
        long now = now();
        for (int i = 0; i < sids.size(); i++) {
            String sid = sids.get(i);
            byte[] stored = values.get(i);
            Map<String, Object> contents = stored == null ? null : backend.readOrFresh(stored);
            long created = contents == null ? INVALID : stamp(contents.get(FlaskSession.CREATED_KEY), now);
            long seen = contents == null ? INVALID : stamp(contents.get(FlaskSession.SEEN_KEY), now);
            if (contents == null || created == INVALID || seen == INVALID
                    || contents.get(config().userKey()) == null
                    || !user.equals(String.valueOf(contents.get(config().userKey()))) || new SessionTimeouts(backend).isExpired(contents)) {
                commands.call(() -> commands.redis().hdel(key, sid));
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
                tombstones.retire(s.sid(), RedisTombstones.Retired.ENDED);
                commands.call(() -> commands.redis().hdel(userIndexKey(user), s.sid()));
                ended++;
            }
        }
        return ended;
    }
}
