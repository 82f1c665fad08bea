package dev.flasksession.session;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Flask-Session's {@code ServerSideSession}: the contents live in a store under a random id that the cookie carries.
 * As in Flask-Session, {@link #clear()} keeps the {@code _permanent} flag, and a session holding nothing but that
 * flag counts as empty ({@link #hasData()} is false).
 */
public class ServerSideSession extends FlaskSession {
    private String sid;
    private String previousSid;

    /**
     * @param initial the stored contents
     * @param sid     the session id
     * @param isNew   whether the id was made for this request
     */
    public ServerSideSession(Map<String, ?> initial, String sid, boolean isNew) {
        super(initial, isNew);
        this.sid = Objects.requireNonNull(sid, "sid");
    }

    /** @return the session id, as stored in the cookie (before any signing) */
    public String sid() {
        markAccessed();
        return sid;
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
}
