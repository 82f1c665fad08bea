package dev.flasksession.store;

import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SetCookie;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.signing.BadSignatureException;
import dev.flasksession.signing.Base64Url;
import dev.flasksession.signing.Digest;
import dev.flasksession.signing.KeyDerivation;
import dev.flasksession.signing.Signer;
import java.security.SecureRandom;
import java.util.Optional;

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
    /** What signing adds to an id: a separator and the unpadded base64 of a SHA-1 HMAC. */
    private static final int SIGNATURE_CHARS = 1 + 27;

    private ServerSideCookies() {
    }

    /**
     * Signs with {@code SECRET_KEY} only, as Flask-Session does, so that a Flask-Session app with the current key
     * reads every id written here; verifies with {@code SECRET_KEY_FALLBACKS} too, so that rotating the key, as Flask
     * rotates it for cookies, signs nobody out.
     *
     * @param config    the session settings
     * @param useSigner {@code SESSION_USE_SIGNER}
     * @return Flask-Session's signer for ids, or {@code null} when ids are not signed
     * @throws SessionConfigException when signing is on without a {@code SECRET_KEY}
     */
    public static Signer signer(SessionConfig config, boolean useSigner) {
        if (!useSigner) {
            return null;
        }
        if (config.secretKey().isEmpty()) {
            throw new SessionConfigException(SessionConfig.SECRET_KEY,
                    "must be set when SESSION_USE_SIGNER is true: it signs the session id in the cookie");
        }
        return new Signer(config.signingKeys(), SIGNER_SALT, KeyDerivation.HMAC, Digest.SHA1, Signer.DEFAULT_SEPARATOR);
    }

    /**
     * @param bytes {@code SESSION_ID_LENGTH}
     * @return how many characters {@code secrets.token_urlsafe(bytes)} has: unpadded base64, ceil(4n / 3)
     */
    public static int sidChars(int bytes) {
        return (bytes * 4 + 2) / 3;
    }

    /**
     * Whether an id could be one that this library or Flask-Session issued: exactly the length of
     * {@code token_urlsafe(SESSION_ID_LENGTH)}, in its alphabet. Nothing else is ever looked up, so a client cannot
     * make the store touch (or renew) a key of its choosing: the library's own keys ({@code user:...},
     * {@code signedout:...} after the prefix) hold a {@code :}, which no id has, and even with an empty
     * {@code SESSION_KEY_PREFIX} only keys of exactly an id's shape can be reached.
     *
     * @param sid   the id from the request, unsigned
     * @param bytes {@code SESSION_ID_LENGTH}
     * @return whether it has the form of an issued id
     */
    public static boolean couldBeIssued(String sid, int bytes) {
        if (sid.length() != sidChars(bytes)) {
            return false;
        }
        for (int i = 0; i < sid.length(); i++) {
            char c = sid.charAt(i);
            boolean urlSafe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!urlSafe) {
                return false;
            }
        }
        return true;
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
     * @param backend  the backend, for the cookie name and header settings
     * @param request  the request
     * @param signer   the id signer, or {@code null}
     * @param idLength {@code SESSION_ID_LENGTH}: an id of another form cannot be one that was issued
     * @return the id the request carries (header first, then cookie), unsigned; empty when there is none, it is
     *     forged, or it is not of the {@linkplain #couldBeIssued form of an issued id}, so that the store is never
     *     asked about a key a client chose
     */
    public static Optional<String> requestedSid(SessionInterface backend, SessionRequest request, Signer signer,
                                                int idLength) {
        Optional<String> value = carriedValue(backend, request);
        int longest = sidChars(idLength) + (signer == null ? 0 : SIGNATURE_CHARS);
        if (value.isEmpty() || value.get().length() > longest) {
            return Optional.empty();
        }
        String sid = value.get();
        if (signer != null) {
            try {
                sid = signer.unsign(sid);
            } catch (BadSignatureException e) {
                return Optional.empty();
            }
        }
        return couldBeIssued(sid, idLength) ? Optional.of(sid) : Optional.empty();
    }

    /** @return what the request carries for the id, signed or not: the id header first, then the cookie */
    private static Optional<String> carriedValue(SessionInterface backend, SessionRequest request) {
        Optional<String> header = backend.config().headerName().flatMap(request::header).filter(v -> !v.isEmpty());
        return header.isPresent() ? header : request.cookie(backend.getCookieName());
    }

    /**
     * Whether the request's id verified only with a {@code SECRET_KEY_FALLBACKS} key. Such a cookie must be signed
     * again with {@code SECRET_KEY} on this response, whatever else decides the cookie: else a session that is never
     * modified, or not permanent, keeps the old key's signature, and removing the fallback later signs its user out.
     *
     * @param backend the backend, for the cookie name and header settings
     * @param request the request
     * @param signer  the id signer, or {@code null}
     * @param sid     the id {@link #requestedSid} found in the request
     * @return whether the carried value is not what {@code SECRET_KEY} signs for {@code sid}
     */
    public static boolean signedWithFallbackKey(SessionInterface backend, SessionRequest request, Signer signer,
                                                String sid) {
        // HMAC signing is deterministic: the current key gives back exactly the carried value, a fallback does not.
        return signer != null && !carriedValue(backend, request).map(signer.sign(sid)::equals).orElse(true);
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
        if (!backend.shouldSetCookie(session) && !session.isSignedWithFallbackKey()) {
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
}
