package dev.flasksession.store;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionTimeouts;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.signing.Signer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What Flask-Session's server-side stores share, whatever holds the data: a random id in the cookie (signed with
 * {@code SESSION_USE_SIGNER}), the data under {@code SESSION_KEY_PREFIX} + id, and the same rules for new,
 * regenerated and expired sessions.
 *
 * <p>A template, as Flask-Session's {@code ServerSideSessionInterface} is: {@link #openSession} and
 * {@link #saveSession} are written once here, over the few operations a store implements, as
 * {@code _retrieve_session_data}, {@code _upsert_session} and {@code _delete_session} are there: {@link #read} (the
 * stored bytes, and when the store proves they were last written, if it can), {@link #write}, {@link #delete},
 * {@link #renew} and, for a store that can merge concurrent saves, {@link #writeMerged}. What every store shares
 * around them lives here: the id and its cookie, the size limit and the rule that unreadable data is never
 * deserialized, the fallback-key re-signing, the timeouts' checks, and which cookie each {@link SaveOutcome} sends.
 */
public abstract class ServerSideSessionInterface extends SessionInterface {
    /** The concrete store's logger, so that an operator's level for the Redis or SQL backend covers its warnings. */
    private final Logger log = Logger.getLogger(getClass().getName());

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

    /**
     * What a store read for an id.
     *
     * @param value           the stored bytes
     * @param writtenAtMillis when the store proves they were last written or renewed, in epoch milliseconds (the
     *                        earliest time the session is known to have existed); {@code null} when it proves none
     */
    protected record Stored(byte[] value, Long writtenAtMillis) {
        /** For the stores, in their own packages: a protected record's constructor is protected too. */
        public Stored {
        }
    }

    /**
     * Flask-Session's {@code _retrieve_session_data}. When {@link #needsProvenTimes()}, the store also tells when the
     * value was last written, and renews nothing: a renewal before the timeouts and the sign-out check have passed
     * would prove "now" to the next request, so {@link #saveSession} asks for it with {@link #renew} instead. Else,
     * with {@code SESSION_REFRESH_EACH_REQUEST}, a store may renew the value's lifetime in the same round trip.
     *
     * @param sid an id of the form of an issued one, unsigned
     * @return what is stored under it, or {@code null} for nothing
     * @throws dev.flasksession.session.SessionStoreUnavailableException when the store cannot answer
     */
    protected abstract Stored read(String sid);

    /**
     * Flask-Session's {@code _upsert_session}: the whole session, under its id, for {@code PERMANENT_SESSION_LIFETIME}.
     * A session moved to a new id ({@link ServerSideSession#previousSid()}) has its old value deleted only once the
     * new one is written, so a failed save loses nothing.
     *
     * @param session a modified session that holds data
     * @return {@link SaveOutcome#DATA}, or what the store found instead of writing (an id ended or moved on purpose)
     */
    protected abstract SaveOutcome write(ServerSideSession session);

    /**
     * Flask-Session's {@code _delete_session}: removes the value of a session that no longer holds data, and the one
     * under its previous id, if it moved.
     *
     * @param session a modified session that holds no data
     */
    protected abstract void delete(ServerSideSession session);

    /**
     * The renewal that {@link #read} left out when it had to prove times: an unmodified session that passed its
     * checks lives {@code PERMANENT_SESSION_LIFETIME} from now. Called only with {@link #needsProvenTimes()} and
     * {@code SESSION_REFRESH_EACH_REQUEST}.
     *
     * @param sid the session's id
     */
    protected abstract void renew(String sid);

    /** @return whether modified sessions are saved with {@link #writeMerged}; only a store that offers it says so */
    protected boolean merges() {
        return false;
    }

    /**
     * {@code SESSION_SAVE_STRATEGY=merge}: only what this request changed ({@link ServerSideSession#applyChangesTo}),
     * applied to what is stored now in a compare-and-set, written or deleted as the result holds data or not.
     *
     * @param session a modified session, whose changed keys are named already
     * @return what the save left in the store
     */
    protected SaveOutcome writeMerged(ServerSideSession session) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not merge saves");
    }

    /**
     * For what a store keeps beside the session (a user index, say), once the save decided its outcome and before the
     * cookie is written.
     *
     * @param session the saved session
     * @param saved   what the save left in the store
     */
    protected void afterSave(ServerSideSession session, SaveOutcome saved) {
    }

    /** @return what a log line calls a stored value, without its id: {@code "the value under session:<id>"} */
    protected abstract String storedValueName();

    /** @return the largest stored value that is decoded; a larger one reads as no session */
    protected int maxStoredValueBytes() {
        return config().maxPayloadBytes();
    }

    @Override
    public FlaskSession openSession(SessionRequest request) {
        Optional<String> requested = requestedSid(request);
        if (requested.isEmpty()) {
            return freshSession();
        }
        String sid = requested.get();
        Stored stored = read(sid);
        Optional<Map<String, Object>> contents = stored == null || stored.value() == null ? Optional.empty()
                : decode(stored.value());
        if (contents.isEmpty()) {
            return freshSession();
        }
        ServerSideSession session = new ServerSideSession(contents.get(), sid, false);
        session.rememberOpenedFrom(stored.value());
        if (ServerSideCookies.signedWithFallbackKey(this, request, signer, sid)) {
            session.markSignedWithFallbackKey();
        }
        Long provenSince = provenSince(stored.writtenAtMillis());
        if (provenSince != null) {
            session.rememberProvenSince(provenSince);
        }
        return session;
    }

    /**
     * A time that would lie in the future (a peer with a longer lifetime, or a clock ahead) proves nothing.
     *
     * @return the whole second the store proves the session existed since, or {@code null}
     */
    private Long provenSince(Long writtenAtMillis) {
        if (writtenAtMillis == null) {
            return null;
        }
        long nowMillis = clock().millis();
        if (writtenAtMillis > nowMillis + SessionTimeouts.CLOCK_SKEW_SECONDS * 1000) {
            return null;
        }
        return Math.floorDiv(Math.min(writtenAtMillis, nowMillis), 1000);
    }

    /**
     * The one rule for every value read from the store, whichever path reads it (opening, a merge's retry, a user
     * index): a value beyond {@link #maxStoredValueBytes()} is not decoded, and one that neither msgpack nor JSON
     * reads is never deserialized; either is logged (without its id) and counts as no session.
     *
     * @param stored a stored value
     * @return its contents, or empty when it is refused
     */
    protected Optional<Map<String, Object>> decode(byte[] stored) {
        if (stored.length > maxStoredValueBytes()) {
            log.warning(() -> "flask-session: " + storedValueName() + " is " + stored.length + " bytes, more than "
                    + "SESSION_MAX_PAYLOAD_BYTES (" + config().maxPayloadBytes() + "); it is not decoded, and is read "
                    + "as no session");
            return Optional.empty();
        }
        try {
            return Optional.of(store.format().decode(stored));
        } catch (SessionDataException e) {
            log.warning(() -> "flask-session: " + storedValueName() + " is neither msgpack nor JSON (pickled by an "
                    + "older Flask-Session?) and is never deserialized; it is read as no session");
            return Optional.empty();
        }
    }

    /**
     * Flask-Session's {@code save_session}: an unmodified session is not written (only renewed, when opening had to
     * leave that out), a modified one is written whole, merged, or deleted when it holds no data, and the outcome
     * decides the cookie.
     *
     * @throws IllegalArgumentException for a session another backend opened
     */
    @Override
    public void saveSession(FlaskSession flaskSession, SessionResponse response) {
        if (!(flaskSession instanceof ServerSideSession session)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " saves only the sessions it opened");
        }
        if (session.isAccessed()) {
            response.addVary("Cookie");
            config().headerName().ifPresent(response::addVary);
        }
        if (session.isRegenerateRequested()) {
            regenerate(session);
        }
        boolean merge = merges() && !session.wasExpired();
        boolean detect = config().detectNestedChanges();
        if (detect && !session.isModified() || merge && (detect || session.isMarkedModified())) {
            // SESSION_DETECT_NESTED_CHANGES finds a change no put saw. A merge writes named keys only: a put alone
            // would hide an in-place change made in the same request, and markModified() names none, so the keys
            // whose values differ from what was opened are this request's to write too.
            session.markChangedInside(changedSinceOpened(session));
        }
        SaveOutcome saved;
        if (!session.isModified()) {
            saved = session.hasData() ? SaveOutcome.DATA : SaveOutcome.NOTHING;
            if (saved == SaveOutcome.DATA && needsProvenTimes() && config().refreshEachRequest()) {
                renew(session.sid());
            }
        } else if (merge) {
            saved = writeMerged(session);
        } else if (session.hasData()) {
            saved = write(session);
        } else {
            delete(session);
            saved = SaveOutcome.NOTHING;
        }
        if (saved == SaveOutcome.ENDED || saved == SaveOutcome.MOVED) {
            session.markDropped();
        }
        afterSave(session, saved);
        if (saved != SaveOutcome.MOVED) {
            ServerSideCookies.respond(this, session, response, signer, saved == SaveOutcome.DATA);
        }
    }

    /**
     * Compares as the store would hold the values: a change deep inside a nested value shows, and a value read in the
     * other format ({@code SESSION_SERIALIZATION_FORMAT} switched) that holds the same data does not.
     *
     * @param session a session opened from the store
     * @return the keys whose values differ from what it was opened from
     */
    protected Set<String> changedSinceOpened(ServerSideSession session) {
        return session.openedFrom().map(opened -> store.format().changedKeys(opened, session.contents()))
                .orElse(Set.of());
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
     * @return where the store keeps it: the Redis key, or the SQL row's {@code session_id}; final, for Flask-Session
     *     reads this key, and the Redis store derives its tombstones and index entries from the same prefix
     */
    public final String storeKey(String sid) {
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
