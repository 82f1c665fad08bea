package dev.flasksession.store;

import dev.flasksession.session.FlaskSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Flask-Session's {@code ServerSideSession}: the contents live in a store under a random id that the cookie carries.
 * As in Flask-Session, {@link #clear()} keeps the {@code _permanent} flag, and a session holding nothing but that
 * flag counts as empty ({@link #hasData()} is false).
 *
 * <p>It also keeps this request's change log, key by key, as Spring Session keeps its delta inside the store's own
 * session class: a store that merges concurrent saves applies just that to what others saved meanwhile
 * ({@link #applyChangesTo}). The application's {@link FlaskSession} API stays the plain map.
 */
public class ServerSideSession extends FlaskSession {
    private String sid;
    private final Supplier<String> newSid;
    private String previousSid;
    private boolean dropped;
    private boolean signedWithFallbackKey;
    /** What this request changed, key by key, so a store can apply just that to what others saved meanwhile. */
    private final Set<String> keysSet = new LinkedHashSet<>();
    private final Set<String> keysRemoved = new LinkedHashSet<>();
    private boolean cleared;
    private boolean markedModified;
    /** Keys a store found changed inside their values, which {@link #applyChangesTo} writes as if they were set. */
    private final Set<String> keysChangedInside = new LinkedHashSet<>();

    /**
     * @param initial the stored contents
     * @param sid     the session id
     * @param isNew   whether the id was made for this request
     */
    public ServerSideSession(Map<String, ?> initial, String sid, boolean isNew) {
        super(initial, isNew);
        this.sid = Objects.requireNonNull(sid, "sid");
        this.newSid = null;
    }

    /**
     * A new session whose id is made only when something asks for it: most new sessions (a request without a cookie
     * that stores nothing) never need one, and making ids costs secure randomness.
     *
     * @param initial the initial contents
     * @param newSid  makes the id, at most once
     */
    public ServerSideSession(Map<String, ?> initial, Supplier<String> newSid) {
        super(initial, true);
        this.newSid = Objects.requireNonNull(newSid, "newSid");
    }

    /** @return the session id, as stored in the cookie (before any signing) */
    public String sid() {
        markAccessed();
        if (sid == null) {
            sid = newSid.get();
        }
        return sid;
    }

    /**
     * For code that only reports on the session (events, logs): unlike {@link #sid()}, it never makes an id, so a
     * request whose new session stores nothing costs no secure randomness, and does not count as an access.
     *
     * @return the id, if the session was opened with one or one has been made since
     */
    @Override
    public Optional<String> existingSid() {
        return Optional.ofNullable(sid);
    }

    /**
     * A name for the session on a "your devices" page or in a sign-out record that does not give its id away: the
     * first 16 hex digits of the id's SHA-256. A use of the session, like {@link #sid()}.
     *
     * @return the handle
     */
    @Override
    public Optional<String> handle() {
        return Optional.of(handleOf(sid()));
    }

    @Override
    public Optional<String> existingHandle() {
        return existingSid().map(ServerSideSession::handleOf);
    }

    /**
     * @param sid a session id
     * @return its {@linkplain #handle() handle}
     */
    public static String handleOf(String sid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * Moves the session to a new id; the store must delete the old one.
     *
     * @param newSid the new id
     */
    public void assignSid(String newSid) {
        if (previousSid == null) {
            previousSid = sid;
        }
        this.sid = Objects.requireNonNull(newSid, "newSid");
    }

    /** @return the id the session had when the request opened it, if it has moved to a new one since */
    @Override
    public Optional<String> previousSid() {
        return Optional.ofNullable(previousSid);
    }

    /** Flask-Session's truthiness: a session holding nothing but the {@code _permanent} flag is empty. */
    @Override
    protected boolean isBookkeeping(String key) {
        return PERMANENT_KEY.equals(key) || super.isBookkeeping(key);
    }

    /** Empties the session but keeps whether it is permanent, as Flask-Session does. */
    @Override
    public void clear() {
        boolean permanent = isPermanent();
        super.clear();
        cleared = true;
        keysSet.clear();
        keysRemoved.clear();
        put(PERMANENT_KEY, permanent);
    }

    @Override
    public Object put(String key, Object value) {
        Object old = super.put(key, value);
        written(key);
        return old;
    }

    @Override
    public void putAll(Map<? extends String, ?> values) {
        super.putAll(values);
        values.keySet().forEach(this::written);
    }

    @Override
    public Object remove(Object key) {
        boolean held = peekContents().containsKey(key);
        Object old = super.remove(key);
        if (held) {
            removed((String) key);
        }
        return old;
    }

    /** The views' writes ({@code setValue}, an iterator's {@code remove}, and all that use them) join the log too. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> view = super.entrySet();
        return new AbstractSet<>() {
            @Override
            public int size() {
                return view.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Object>> it = view.iterator();
                return new Iterator<>() {
                    private String last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Entry<String, Object> entry = it.next();
                        last = entry.getKey();
                        return new LoggedEntry(entry);
                    }

                    @Override
                    public void remove() {
                        it.remove();
                        removed(last);
                    }
                };
            }
        };
    }

    /** An entry whose {@code setValue} writes through and joins the log. */
    private final class LoggedEntry extends AbstractMap.SimpleEntry<String, Object> {
        private final transient Entry<String, Object> entry;

        LoggedEntry(Entry<String, Object> entry) {
            super(entry);
            this.entry = entry;
        }

        @Override
        public Object setValue(Object value) {
            Object old = entry.setValue(value);
            super.setValue(value);
            written(getKey());
            return old;
        }
    }

    private void written(String key) {
        keysSet.add(key);
        keysRemoved.remove(key);
    }

    private void removed(String key) {
        keysRemoved.add(key);
        keysSet.remove(key);
    }

    @Override
    public void markModified() {
        super.markModified();
        markedModified = true;
    }

    /**
     * For stores that compare what was opened with the contents now: marks the session modified, naming the keys
     * whose values differ (a change inside a nested value, which no {@code put} saw), so that {@link #applyChangesTo}
     * writes those keys and only those.
     *
     * @param keys the keys whose values differ from what was opened; none leaves the session as it is
     * @throws IllegalStateException after the response was saved
     */
    public void markChangedInside(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        // FlaskSession's own markModified: modified and accessed, refused after the save, but not "marked" here.
        super.markModified();
        keysChangedInside.addAll(keys);
    }

    /**
     * @return whether {@link #markModified()} was called: a change that names no key, so a store that merges must
     *     find the changed keys itself and name them with {@link #markChangedInside}
     */
    public boolean isMarkedModified() {
        return markedModified;
    }

    /**
     * For stores that merge concurrent saves: this request's changes, applied to what is stored now. Keys this
     * request removed are removed, keys it set (or a store {@linkplain #markChangedInside named} as changed inside)
     * take its values, a clear drops everything stored before it, and every other key keeps what others saved
     * meanwhile. {@link #markModified()} names no key, so alone it writes none here: a stale copy of a key this
     * request never changed must not overwrite another request's newer value.
     *
     * @param storedNow the contents stored now, written by whoever saved last
     * @return the contents to store
     */
    public Map<String, Object> applyChangesTo(Map<String, Object> storedNow) {
        Map<String, Object> data = peekContents();
        Map<String, Object> merged = cleared ? new LinkedHashMap<>() : new LinkedHashMap<>(storedNow);
        keysRemoved.forEach(merged::remove);
        Set<String> written = new LinkedHashSet<>(keysSet);
        written.addAll(keysChangedInside);
        for (String key : written) {
            if (data.containsKey(key)) {
                merged.put(key, data.get(key));
            }
        }
        return merged;
    }

    /**
     * For stores, about contents other than this session's own (a merge of concurrent saves, say).
     *
     * @param contents a session's contents
     * @return whether contents like these count as data by this session's rules
     */
    public boolean wouldHoldData(Map<String, ?> contents) {
        return holdsData(contents.keySet());
    }

    /**
     * For the store: its save wrote nothing, because the id was moved or ended on purpose while the request ran; the
     * response treats the session as signed out.
     */
    public void markDropped() {
        dropped = true;
    }

    /** @return whether the save wrote nothing (see {@link #markDropped()}), so no save, creation or move happened */
    @Override
    public boolean wasDropped() {
        return dropped;
    }

    /**
     * For the store that opened the session: its cookie's id verified only with a {@code SECRET_KEY_FALLBACKS} key,
     * so the response signs it again with {@code SECRET_KEY}.
     */
    public void markSignedWithFallbackKey() {
        signedWithFallbackKey = true;
    }

    /** @return whether the cookie must be signed again with the current key (see {@link #markSignedWithFallbackKey()}) */
    public boolean isSignedWithFallbackKey() {
        return signedWithFallbackKey;
    }
}
