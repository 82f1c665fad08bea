package dev.flasksession.store;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.signing.Signer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Flask-Session's server-side stores share, whatever holds the data: a random id in the cookie (signed with
 * {@code SESSION_USE_SIGNER}), the data under {@code SESSION_KEY_PREFIX} + id, and the same rules for new,
 * regenerated and expired sessions. Each store adds how it reads and writes.
 */
public abstract class ServerSideSessionInterface extends SessionInterface {
    /** Signs the id in the cookie; {@code null} without {@code SESSION_USE_SIGNER}. */
    protected final Signer signer;

    private final ServerSideSettings store;

    /**
     * @param config the session settings
     * @param store  the store's Flask-Session settings
     * @param clock  the source of "now"
     * @throws dev.flasksession.config.SessionConfigException when {@code SESSION_USE_SIGNER} is on without a
     *                                                        {@code SECRET_KEY}
     */
    protected ServerSideSessionInterface(SessionConfig config, ServerSideSettings store, Clock clock) {
        super(config, clock);
        this.store = store;
        this.signer = ServerSideCookies.signer(config, store.useSigner());
    }

    /** @return {@code "signs"} with {@code SESSION_USE_SIGNER}, which signs the id in the cookie; else empty */
    @Override
    public Optional<String> secretKeyUse() {
        return store.useSigner() ? Optional.of("signs") : Optional.empty();
    }

    /** @return the session settings and the store's */
    @Override
    public String settingsSummary() {
        return super.settingsSummary() + " and " + store;
    }

    /** @return a new session id: {@code secrets.token_urlsafe(SESSION_ID_LENGTH)} */
    protected String generateSid() {
        return ServerSideCookies.newSid(store.idLength());
    }

    /**
     * Runs before any store command, so that an id no one issued never reaches the store.
     *
     * @param request the request
     * @return the id it carries, unsigned, when it has the form of an issued id; else empty, for a fresh session
     */
    protected Optional<String> requestedSid(SessionRequest request) {
        return ServerSideCookies.requestedSid(this, request, signer, store.idLength());
    }

    /**
     * @param sid a session id
     * @return where the store keeps it: the Redis key, or the SQL row's {@code session_id}
     */
    public String storeKey(String sid) {
        return store.keyPrefix() + sid;
    }

    /** @return a session with no id yet; one is made only if it is saved */
    protected ServerSideSession freshSession() {
        return new ServerSideSession(freshContents(), this::generateSid);
    }

    /** @return what a new session holds: only the permanent flag, with {@code SESSION_PERMANENT} */
    protected Map<String, Object> freshContents() {
        Map<String, Object> initial = new LinkedHashMap<>();
        if (store.permanent()) {
            initial.put(FlaskSession.PERMANENT_KEY, true);
        }
        return initial;
    }

    /**
     * Flask-Session's {@code regenerate}: a session with data moves to a new id and is saved under it. The old value
     * is deleted only by the save that writes the new one, so a failed save loses nothing.
     *
     * @param session the session
     */
    public void regenerate(ServerSideSession session) {
        if (session.hasData()) {
            session.assignSid(generateSid());
            session.markModified();
        }
    }

    /**
     * Emptied under a new id: whatever the request stores next must not carry on the old id, and the save deletes
     * the stale value (and the cookie, if nothing new is stored), as a clear would.
     */
    @Override
    public void expire(FlaskSession session) {
        super.expire(session);
        ((ServerSideSession) session).assignSid(generateSid());
    }
}
