package dev.flasksession.session;

import java.util.Map;
import java.util.Objects;

/**
 * Flask-Session's {@code ServerSideSession}: the contents live in a store under a random id that the cookie carries.
 * As in Flask-Session, {@link #clear()} keeps the {@code _permanent} flag, and a session holding nothing but that
 * flag counts as empty ({@link #hasData()}).
 */
public class ServerSideSession extends FlaskSession {
    private String sid;

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
        return sid;
    }

    /**
     * Moves the session to a new id; the store must delete the old one.
     *
     * @param newSid the new id
     */
    public void assignSid(String newSid) {
        this.sid = Objects.requireNonNull(newSid, "newSid");
    }

    /** @return whether the session holds anything besides the {@code _permanent} flag; Flask-Session's truthiness */
    public boolean hasData() {
        Map<String, Object> c = contents();
        return !(c.isEmpty() || (c.size() == 1 && c.containsKey(PERMANENT_KEY)));
    }

    /** Empties the session but keeps whether it is permanent, as Flask-Session does. */
    @Override
    public void clear() {
        boolean permanent = isPermanent();
        super.clear();
        put(PERMANENT_KEY, permanent);
    }
}
