package dev.flasksession.store;

import dev.flasksession.session.FlaskSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Flask-Session's {@code ServerSideSession}: the contents live in a store under a random id that the cookie carries.
 * As in Flask-Session, {@link #clear()} keeps the {@code _permanent} flag, and a session holding nothing but that
 * flag counts as empty ({@link #hasData()} is false).
 */
public class ServerSideSession extends FlaskSession {
    private String sid;
    private final Supplier<String> newSid;
    private String previousSid;
    private boolean dropped;
    private boolean signedWithFallbackKey;

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
        put(PERMANENT_KEY, permanent);
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
