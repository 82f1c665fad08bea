package dev.flasksession.session;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flask's {@code session}: a map of plain data for the current user, opened when a request starts and saved when
 * the response goes out. Inject it with {@code @Inject FlaskSession session} into any CDI bean that runs during a
 * request.
 *
 * <p>Like Werkzeug's {@code CallbackDict}, every change marks the session {@linkplain #isModified() modified}, whether
 * made through the map methods, through {@link #keySet()}, {@link #values()}, {@link #entrySet()} and their
 * iterators, or through {@code compute}, {@code merge} and {@code replaceAll}. As in Flask 3.1.3, any use of the
 * session marks it {@linkplain #isAccessed() accessed}, which makes the response vary on {@code Cookie}. Changes
 * inside a nested value are not seen: call {@link #markModified()} after them, as you would set
 * {@code session.modified = True} in Flask.
 *
 * <p>Values must be plain data that Flask's tagged JSON can hold: strings, numbers, booleans, {@code null}, lists,
 * maps with string keys, and {@link dev.flasksession.json.Tuple}, {@code byte[]},
 * {@link dev.flasksession.json.Markup}, {@link java.util.UUID} and {@link java.time.Instant}. A session is used by one
 * request at a time and is not thread-safe.
 */
public class FlaskSession extends AbstractMap<String, Object> {
    /** The key behind {@link #isPermanent()}, shared with Flask. */
    public static final String PERMANENT_KEY = "_permanent";
    /**
     * When the session began, in seconds since the epoch; written only when {@code SESSION_ABSOLUTE_TIMEOUT},
     * {@code SESSION_IDLE_TIMEOUT} or the per-user index need it. A Flask app keeps the key and ignores it.
     */
    public static final String CREATED_KEY = "_fsc_created";
    /** When the session was last used, in seconds since the epoch, to the granularity of the idle timeout. */
    public static final String SEEN_KEY = "_fsc_seen";
    /**
     * The id of the user's latest "sign out everywhere" that this session is known to postdate (it signed in after
     * it, in the same second) or to have been kept through ("everywhere else"); written only with
     * {@code SESSION_TRACK_USERS}, and only then.
     */
    public static final String AFTER_SIGN_OUT_KEY = "_fsc_after";

    private final Map<String, Object> data;
    /** A shallow copy of what the request opened: which keys it held, and its signed-in user. */
    private final Map<String, Object> atOpen;
    private Long provenSince;
    private long openedAtMillis;
    private final boolean isNew;
    private boolean modified;
    private boolean accessed;
    private boolean regenerateRequested;
    private byte[] openedFrom;
    private boolean expired;
    private boolean saved;

    /** An empty session, not new. */
    public FlaskSession() {
        this(Map.of(), false);
    }

    /**
     * @param initial the stored contents
     * @param isNew   whether the backend knows the session was created by this request
     */
    public FlaskSession(Map<String, ?> initial, boolean isNew) {
        this.data = new LinkedHashMap<>(initial);
        this.atOpen = new LinkedHashMap<>(initial);
        this.isNew = isNew;
    }

    /**
     * Called before every change; a subclass that cannot be changed throws here.
     *
     * @throws IllegalStateException when the session must not change
     */
    protected void beforeUpdate() {
    }

    private void checkNotSaved() {
        if (saved) {
            throw new IllegalStateException("flask-session: the session was changed after the response was saved, "
                    + "so the change would be lost. Change it before the response is sent: on the request's thread, "
                    + "before resuming an AsyncResponse, completing a CompletionStage or streaming the body");
        }
    }

    private void changed() {
        checkNotSaved();
        beforeUpdate();
        modified = true;
        accessed = true;
    }

    /**
     * For the request cycle ({@link SessionCycle}), once the session is saved: later changes fail loudly instead of
     * being lost without a word, as a change made by an asynchronous task after the response went out would be.
     */
    public void markSaved() {
        saved = true;
    }

    /** @return whether the session was saved, after which it can be read but no longer changed */
    public boolean isSaved() {
        return saved;
    }

    @Override
    public Object get(Object key) {
        accessed = true;
        return data.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        accessed = true;
        return data.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        accessed = true;
        return data.containsValue(value);
    }

    @Override
    public int size() {
        accessed = true;
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        accessed = true;
        return data.isEmpty();
    }

    @Override
    public Object put(String key, Object value) {
        changed();
        return data.put(key, value);
    }

    @Override
    public void putAll(Map<? extends String, ?> values) {
        changed();
        data.putAll(values);
    }

    @Override
    public Object remove(Object key) {
        accessed = true;
        if (!data.containsKey(key)) {
            return null;
        }
        changed();
        return data.remove(key);
    }

    @Override
    public void clear() {
        changed();
        data.clear();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        accessed = true;
        return new EntryView();
    }

    /** @return whether the {@code _permanent} key is true: the cookie then outlives the browser session */
    public boolean isPermanent() {
        return Boolean.TRUE.equals(get(PERMANENT_KEY));
    }

    /**
     * @param permanent whether the session should last {@code PERMANENT_SESSION_LIFETIME} rather than until the
     *                  browser closes; stored under {@code _permanent}, as Flask does
     */
    public void setPermanent(boolean permanent) {
        put(PERMANENT_KEY, permanent);
    }

    /** @return whether the session was changed during this request */
    public boolean isModified() {
        return modified;
    }

    /** Marks the session changed, after a change inside a nested value; Flask's {@code session.modified = True}. */
    public void markModified() {
        checkNotSaved();
        modified = true;
        accessed = true;
    }

    /**
     * For session interfaces: remembers the stored form (bytes) this session was opened from, so that saving can
     * tell whether the contents differ from it even when no change was seen, and compare it with what is stored now.
     *
     * @param stored the bytes read from the store or the cookie; not copied
     */
    public void rememberOpenedFrom(byte[] stored) {
        this.openedFrom = stored;
    }

    /** @return the stored form remembered by {@link #rememberOpenedFrom}, if any; not a copy. A read, like any other */
    public Optional<byte[]> openedFrom() {
        accessed = true;
        return Optional.ofNullable(openedFrom);
    }

    /** @return whether the session was used at all during this request */
    public boolean isAccessed() {
        return accessed;
    }

    /** @return whether the backend created this session in this request; cookie sessions cannot tell and say false */
    public boolean isNew() {
        return isNew;
    }

    /**
     * Asks for a new session id with the same contents when the session is saved, as on sign-in, so that an id a
     * client knew before cannot follow it in. Server-side backends honour it; a cookie session has no id, so nothing
     * changes.
     */
    public void regenerate() {
        accessed = true;
        regenerateRequested = true;
    }

    /** @return whether {@link #regenerate()} was called during this request */
    public boolean isRegenerateRequested() {
        return regenerateRequested;
    }

    /**
     * Like any read, this marks the session {@linkplain #isAccessed() accessed}: a response decided by whether the
     * user has a session must vary on {@code Cookie}, or a shared cache could serve it to someone else.
     *
     * @return whether the session holds data worth storing; an empty session deletes its cookie
     */
    public boolean hasData() {
        accessed = true;
        return holdsData(data.keySet());
    }


    /** @return whether the session held no data when the request opened it */
    public boolean wasEmptyWhenOpened() {
        accessed = true;
        return !holdsData(atOpen.keySet());
    }

    /**
     * @param keys the keys of a session's contents
     * @return whether contents with these keys count as data: any key that is not {@linkplain #isBookkeeping
     *     bookkeeping}
     */
    protected boolean holdsData(Set<String> keys) {
        for (String key : keys) {
            if (!isBookkeeping(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key a key
     * @return whether the key is bookkeeping that alone does not make a session worth storing: the timestamps
     *     {@link #CREATED_KEY}, {@link #SEEN_KEY} and {@link #AFTER_SIGN_OUT_KEY}; a subclass may add its own
     */
    protected boolean isBookkeeping(String key) {
        return CREATED_KEY.equals(key) || SEEN_KEY.equals(key) || AFTER_SIGN_OUT_KEY.equals(key);
    }

    /**
     * For session interfaces: says that the session the request carried had timed out, so this one starts empty and
     * the stale cookie or stored value is removed when the session is saved.
     */
    public void markExpired() {
        expired = true;
        clear();
    }

    /** @return whether the request carried a session that had timed out ({@code SESSION_IDLE_TIMEOUT}, ...) */
    public boolean wasExpired() {
        return expired;
    }

    /**
     * The contents, for session interfaces, which call it only once {@code Vary} is decided. A read like any other:
     * it marks the session accessed, so an application that renders it still varies on {@code Cookie}.
     *
     * @return an unmodifiable live view of the contents
     */
    public Map<String, Object> contents() {
        accessed = true;
        return Collections.unmodifiableMap(data);
    }

    /**
     * For code that reports on a save (events): whether the store refused to write it, because the id it carried had
     * been moved or ended on purpose while the request ran. Cookie sessions are never dropped.
     *
     * @return whether the save wrote nothing for that reason
     */
    public boolean wasDropped() {
        return false;
    }

    /**
     * For code that only reports on the session (events, sign-out checks): a store's id for it, never made here, so
     * a new session that stores nothing costs no id. A cookie session has none.
     *
     * @return the id the session was opened with or has been given since, if any
     */
    public Optional<String> existingSid() {
        return Optional.empty();
    }

    /** @return the id the session had when the request opened it, if it has moved to a new one since; none for a cookie */
    public Optional<String> previousSid() {
        return Optional.empty();
    }

    /** @return the {@linkplain #handle() handle} of {@link #existingSid()}, without making an id; none for a cookie */
    public Optional<String> existingHandle() {
        return Optional.empty();
    }

    /**
     * A name for this session that does not give its id away, as a user's devices list shows it
     * ({@code SessionInfo.handle()} in {@code dev.flasksession.users}): "this device" is the entry with this handle.
     *
     * @return the handle on a server-side backend; empty for cookie sessions, which have no id
     */
    public Optional<String> handle() {
        return Optional.empty();
    }

    /**
     * For session interfaces: what a key held when the request opened the session, whatever the request did since.
     * Not a use of the session.
     *
     * @param key a key
     * @return its value at open, or {@code null}
     */
    public Object valueAtOpen(String key) {
        return atOpen.get(key);
    }

    /**
     * For session interfaces, at open: the earliest time the store or the cookie's signature proves this session
     * existed (the signature's time, or when a store last wrote or renewed it). A session with data but no
     * {@link #CREATED_KEY} is measured from it by the timeouts and by "sign out everywhere", never from now.
     *
     * @param epochSecond the time, in whole seconds since the epoch
     */
    public void rememberProvenSince(long epochSecond) {
        this.provenSince = epochSecond;
    }

    /**
     * For session interfaces, at open: when this request opened the session, to order a sign-in it makes against a
     * sign-out recorded meanwhile.
     *
     * @param epochMilli the time, in milliseconds since the epoch
     */
    public void rememberOpenedAt(long epochMilli) {
        this.openedAtMillis = epochMilli;
    }

    /** @return the time given to {@link #rememberOpenedAt}, or 0 */
    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** @return the time given to {@link #rememberProvenSince}, or {@code null} when the backend could prove none */
    public Long provenSince() {
        return provenSince;
    }

    /**
     * For the library's own checks before the application sees the session (the session interfaces, the sign-out
     * check): a read-only look that does not count as a use, so it adds no {@code Vary: Cookie}.
     *
     * @return the contents, unmodifiable
     */
    public Map<String, Object> peekContents() {
        return Collections.unmodifiableMap(data);
    }

    /**
     * For the library's hooks: runs reads and writes that are bookkeeping, not a use of the session, such as the
     * time stamps written just before saving. They change the contents (and so {@link #isModified()}) as any write
     * does, but leave {@link #isAccessed()} as it was, so a response the application never based on the session
     * still does not vary on {@code Cookie}.
     *
     * @param bookkeeping the reads and writes
     */
    public void bookkeeping(Runnable bookkeeping) {
        boolean wasAccessed = accessed;
        try {
            bookkeeping.run();
        } finally {
            accessed = wasAccessed;
        }
    }

    /** For subclasses whose own reads (an id, say) must count as a use of the session. */
    protected void markAccessed() {
        accessed = true;
    }

    private final class EntryView extends AbstractSet<Entry<String, Object>> {
        @Override
        public int size() {
            return data.size();
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
            Iterator<Entry<String, Object>> it = data.entrySet().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Entry<String, Object> next() {
                    return new TrackedEntry(it.next());
                }

                @Override
                public void remove() {
                    changed();
                    it.remove();
                }
            };
        }
    }

    private final class TrackedEntry implements Entry<String, Object> {
        private final Entry<String, Object> entry;

        TrackedEntry(Entry<String, Object> entry) {
            this.entry = entry;
        }

        @Override
        public String getKey() {
            return entry.getKey();
        }

        @Override
        public Object getValue() {
            return entry.getValue();
        }

        @Override
        public Object setValue(Object value) {
            changed();
            return entry.setValue(value);
        }

        @Override
        public boolean equals(Object o) {
            return entry.equals(o);
        }

        @Override
        public int hashCode() {
            return entry.hashCode();
        }

        @Override
        public String toString() {
            return entry.toString();
        }
    }
}
