package dev.flasksession.session;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.signing.BadSignatureException;
import dev.flasksession.signing.Base64Url;
import dev.flasksession.signing.Digest;
import dev.flasksession.signing.KeyDerivation;
import dev.flasksession.signing.Signer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cookie side of Flask-Session's {@code ServerSideSessionInterface}, which every server-side store shares
 * whatever it keeps the data in: the id's form, its signing, where a request carries it, and the cookie a save writes.
 */
public final class ServerSideCookies {
    /**
     * One generator per thread: a shared {@link SecureRandom} serialises every request that makes an id. Only a JDK
     * class sits in the thread-local, so a redeployed application leaves nothing of its own in pooled threads.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    /** Flask-Session's salt for signed ids. */
    public static final String SIGNER_SALT = "flask-session";

    private ServerSideCookies() {
    }

    /**
     * @param config    the session settings
     * @param useSigner {@code SESSION_USE_SIGNER}
     * @return Flask-Session's signer for ids, or {@code null} when ids are not signed
     * @throws SessionConfigException when signing is on without a {@code SECRET_KEY}
     */
    public static Signer signer(SessionConfig config, boolean useSigner) {
        if (!useSigner) {
            return null;
        }
        String key = config.secretKey().orElseThrow(() -> new SessionConfigException(SessionConfig.SECRET_KEY,
                "must be set when SESSION_USE_SIGNER is true: it signs the session id in the cookie"));
        return new Signer(List.of(key.getBytes(StandardCharsets.UTF_8)), SIGNER_SALT, KeyDerivation.HMAC, Digest.SHA1,
                Signer.DEFAULT_SEPARATOR);
    }

    /**
     * @param bytes {@code SESSION_ID_LENGTH}
     * @return a new id: {@code secrets.token_urlsafe(bytes)}, from this thread's generator
     */
    public static String newSid(int bytes) {
        byte[] id = new byte[bytes];
        RANDOM.get().nextBytes(id);
        return Base64Url.encode(id);
    }

    /**
     * @param backend   the backend, for the cookie name and header settings
     * @param request   the request
     * @param signer    the id signer, or {@code null}
     * @param maxLength the longest value looked up; anything longer cannot be an id this service issued
     * @return the id the request carries (header first, then cookie), unsigned; empty when there is none or it is
     *     forged, so the store is never asked for an id a client chose
     */
    public static Optional<String> requestedSid(SessionInterface backend, SessionRequest request, Signer signer,
                                                int maxLength) {
        Optional<String> header = backend.config().headerName().flatMap(request::header).filter(v -> !v.isEmpty());
        Optional<String> value = header.isPresent() ? header : request.cookie(backend.getCookieName());
        if (value.isEmpty() || value.get().isEmpty() || value.get().length() > maxLength) {
            return Optional.empty();
        }
        if (signer == null) {
            return value;
        }
        try {
            return Optional.of(signer.unsign(value.get()));
        } catch (BadSignatureException e) {
            return Optional.empty();
        }
    }

    /**
     * Flask-Session's cookie after a save: a deleting cookie for a session emptied by this request, the id (signed,
     * and in the id header when new or moved) when {@link SessionInterface#shouldSetCookie} says so, else nothing.
     *
     * @param backend   the backend, whose hooks give the cookie's attributes
     * @param session   the saved session
     * @param response  the response
     * @param signer    the id signer, or {@code null}
     * @param holdsData whether the store now holds the session
     */
    public static void respond(SessionInterface backend, ServerSideSession session, SessionResponse response,
                               Signer signer, boolean holdsData) {
        if (!holdsData) {
            if (session.isModified()) {
                // Flask-Session deletes its cookie with the name, domain and path only, not the other attributes.
                backend.writeCookie(response, SetCookie.deleting(backend.getCookieName(),
                        backend.getCookieDomain().orElse(null), backend.getCookiePath(), false, false, null, false));
                response.addVary("Cookie");
            }
            return;
        }
        if (!backend.shouldSetCookie(session)) {
            return;
        }
        String value = signer == null ? session.sid() : signer.sign(session.sid());
        Optional<String> headerName = backend.config().headerName();
        if (headerName.isPresent() && (session.isNew() || session.previousSid().isPresent())) {
            response.setHeader(headerName.get(), value);
        }
        backend.writeCookie(response, SetCookie.of(backend.getCookieName(), value,
                backend.getExpirationTime(session).orElse(null), backend.getCookieDomain().orElse(null),
                backend.getCookiePath(), backend.getCookieSecure(), backend.getCookieHttpOnly(),
                backend.getCookieSameSite().orElse(null), false));
        response.addVary("Cookie");
    }

    /**
     * What every server-side backend does first when saving, before it writes anything: {@code Vary} for a session
     * that was used, the regeneration asked for, a nested change found ({@code SESSION_DETECT_NESTED_CHANGES}), and
     * the time stamps the timeouts and user tracking need.
     *
     * @param backend            the backend saving
     * @param flaskSession       the session it opened
     * @param response           the response
     * @param regenerate         moves the session to a new id
     * @param changedSinceOpened the keys whose values differ from what was opened, compared as the store would hold
     *                           them (so a value read in the other format is no change)
     * @return the session, as the server-side session it must be
     * @throws IllegalArgumentException for a session another backend opened
     */
    public static ServerSideSession beforeSave(SessionInterface backend, FlaskSession flaskSession, SessionResponse response,
                                               Consumer<ServerSideSession> regenerate,
                                               Function<ServerSideSession, Set<String>> changedSinceOpened) {
        if (!(flaskSession instanceof ServerSideSession session)) {
            throw new IllegalArgumentException(backend.getClass().getSimpleName() + " saves only the sessions it opened");
        }
        if (session.isAccessed()) {
            response.addVary("Cookie");
            backend.config().headerName().ifPresent(response::addVary);
        }
        if (session.isRegenerateRequested()) {
            regenerate.accept(session);
        }
        if (!session.isModified() && backend.config().detectNestedChanges()) {
            session.markChangedInside(changedSinceOpened.apply(session));
        }
        backend.stampTimes(session);
        return session;
    }
}
