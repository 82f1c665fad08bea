package dev.flasksession.session;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.ServerSideSessionSettings;
import dev.flasksession.config.SettingsTable;
import dev.flasksession.signing.BadDataException;
import dev.flasksession.signing.Digest;
import dev.flasksession.signing.KeyDerivation;
import dev.flasksession.signing.Signer;
import dev.flasksession.signing.TimestampSigner;
import dev.flasksession.signing.Timestamped;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flask's default session backend: the whole session in a cookie, as tagged JSON signed by itsdangerous with a
 * timestamp (salt {@code cookie-session}, HMAC key derivation, SHA-1, zlib when shorter). A cookie minted by Flask
 * with the same {@code SECRET_KEY} opens here, and ours opens in Flask.
 *
 * <p>Flask's rules, to the letter: no cookie, or a tampered, expired or otherwise bad one, gives an empty session;
 * an emptied session deletes the cookie; the cookie is sent only when the session was modified, or is permanent and
 * {@code SESSION_REFRESH_EACH_REQUEST} is on. Where Flask would fail with a 500, on a correctly signed cookie whose
 * payload cannot be decoded, this gives an empty session too. Without a {@code SECRET_KEY},
 * {@link #openSession} returns {@code null} and the request gets the null session.
 *
 * <p>The keys are derived once, here. This is the default {@link SessionInterface} bean.
 */
@Dependent
public class SecureCookieSessionInterface extends SessionInterface {
    /** Flask's salt for session cookies. */
    public static final String SALT = "cookie-session";

    private static final Logger LOG = Logger.getLogger(SecureCookieSessionInterface.class.getName());

    /** The tables a cookie backend reads: all but the server-side ones, which need a session id. */
    private static final List<SettingsTable> SETTINGS_TABLES = SessionConfig.TABLES.stream()
            .filter(table -> table != ServerSideSessionSettings.TABLE).toList();

    private final UrlSafeTimedSerializer<Map<String, Object>> serializer;

    /**
     * @param config the settings; without a secret key every request gets the null session
     */
    @Inject
    public SecureCookieSessionInterface(SessionConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * @param config the settings
     * @param clock  the source of "now"
     */
    public SecureCookieSessionInterface(SessionConfig config, Clock clock) {
        this(config, clock, SALT, KeyDerivation.HMAC, Digest.SHA1);
    }

    /**
     * For cookies signed differently from Flask's defaults, as Flask's {@code salt}, {@code key_derivation} and
     * {@code digest_method} class attributes allow.
     *
     * @param config        the settings
     * @param clock         the source of "now"
     * @param salt          the signing salt
     * @param keyDerivation the key derivation
     * @param digest        the digest
     */
    protected SecureCookieSessionInterface(SessionConfig config, Clock clock, String salt,
                                           KeyDerivation keyDerivation, Digest digest) {
        super(config, clock);
        config.refuseUnusedTables(getClass().getName(), SETTINGS_TABLES);
        this.serializer = config.secretKey().isEmpty() ? null : new UrlSafeTimedSerializer<>(
                new TimestampSigner(new Signer(config.signingKeys(), salt, keyDerivation, digest, Signer.DEFAULT_SEPARATOR), clock),
                new SessionPayload(), config.maxPayloadBytes());
    }

    /** @return {@code "signs"}: every cookie is signed with {@code SECRET_KEY} */
    @Override
    public Optional<String> secretKeyUse() {
        return Optional.of("signs");
    }

    /** @return the signing serializer, or empty when no secret key is set */
    public Optional<UrlSafeTimedSerializer<Map<String, Object>>> getSigningSerializer() {
        return Optional.ofNullable(serializer);
    }

    /**
     * Reads the session payload (Flask's tagged JSON, UTF-8) out of the cookie's value: here by checking the
     * itsdangerous signature and timestamp, and decompressing. A backend that protects the payload differently
     * overrides this and {@link #sealPayload}, and keeps every other rule of this class.
     *
     * @param cookieValue   the cookie's value
     * @param maxAgeSeconds the oldest accepted cookie, in seconds
     * @return the payload, and when it was signed: a lower bound on the session's last save, which the timeouts
     *     and "sign out everywhere" measure a session without time stamps of its own from
     * @throws BadDataException when the value is tampered with, too old, or not a cookie of this backend
     */
    protected Timestamped<byte[]> openPayload(String cookieValue, long maxAgeSeconds) throws BadDataException {
        return serializer.loadsPayloadTimestamped(cookieValue, maxAgeSeconds);
    }

    /**
     * @param payload the session payload (Flask's tagged JSON, UTF-8)
     * @return the cookie's value: here the payload, compressed when shorter, signed with a timestamp as Flask does
     */
    protected String sealPayload(byte[] payload) {
        return serializer.dumpsPayload(payload);
    }

    @Override
    public FlaskSession openSession(SessionRequest request) {
        if (serializer == null) {
            return null;
        }
        Optional<String> cookie = request.cookie(getCookieName());
        if (cookie.isEmpty() || cookie.get().isEmpty()) {
            return new FlaskSession();
        }
        if (cookie.get().length() > config().maxCookieBytes()) {
            LOG.log(Level.FINE, "Session cookie refused: longer than SESSION_MAX_COOKIE_BYTES");
            return new FlaskSession();
        }
        try {
            Timestamped<byte[]> opened = openPayload(cookie.get(), config().permanentSessionLifetime().toSeconds());
            byte[] payload = opened.value();
            Map<String, Object> contents = serializer.payloadSerializer().load(payload);
            FlaskSession session = new FlaskSession(contents, false);
            session.rememberOpenedFrom(payload);
            session.rememberProvenSince(opened.epochSeconds());
            return session;
        } catch (BadDataException e) {
            LOG.log(Level.FINE, "Session cookie refused: {0}", e.getMessage());
            return new FlaskSession();
        }
    }

    @Override
    public void saveSession(FlaskSession session, SessionResponse response) {
        if (session.isAccessed()) {
            response.addVary("Cookie");
        }
        if (!session.isModified() && config().detectNestedChanges() && session.openedFrom()
                .filter(opened -> !Arrays.equals(opened, serializer.payloadSerializer().dump(session.contents())))
                .isPresent()) {
            session.markModified();
        }
        if (!session.hasData()) {
            if (session.isModified()) {
                writeCookie(response, deletingCookie());
                response.addVary("Cookie");
            }
            return;
        }
        if (!shouldSetCookie(session)) {
            return;
        }
        Optional<Instant> expires = getExpirationTime(session);
        String value = sealPayload(serializer.payloadSerializer().dump(session.contents()));
        writeCookie(response, sessionCookie(value, expires));
        response.addVary("Cookie");
    }
}
