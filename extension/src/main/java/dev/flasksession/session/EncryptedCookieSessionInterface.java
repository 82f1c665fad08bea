package dev.flasksession.session;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.encryption.CookieSealer;
import dev.flasksession.signing.Timestamped;
import dev.flasksession.signing.BadDataException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * The whole session in a cookie, like {@link SecureCookieSessionInterface}, but encrypted with AES-256-GCM instead of
 * signed, for session data the client must not read. The key is derived from {@code SECRET_KEY} with HKDF, and
 * {@code SECRET_KEY_FALLBACKS} still open older cookies; the format is {@link CookieSealer}'s, bound to the cookie's
 * name. Flask cannot read these cookies, and a Flask cookie does not open here: a service that shares its session
 * with a Flask app keeps the default backend.
 *
 * <p>Only the payload's protection differs: every other rule (an empty session deletes the cookie, {@code Vary},
 * refreshing, expiry, a bad cookie giving an empty session, the null session without a key) is Flask's, from the
 * superclass. Select it in {@code beans.xml} like any other backend.
 */
@Alternative
@Dependent
public class EncryptedCookieSessionInterface extends SecureCookieSessionInterface {
    private final CookieSealer sealer;

    /**
     * @param config the settings; without a secret key every request gets the null session
     */
    @Inject
    public EncryptedCookieSessionInterface(SessionConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * @param config the settings
     * @param clock  the source of "now"
     */
    public EncryptedCookieSessionInterface(SessionConfig config, Clock clock) {
        super(config, clock);
        this.sealer = config.secretKey().isEmpty() ? null : new CookieSealer(config.signingKeys(), clock);
    }

    /** @return {@code "encrypts"}: the keys that seal every cookie are derived from {@code SECRET_KEY} */
    @Override
    public Optional<String> secretKeyUse() {
        return Optional.of("encrypts");
    }

    /** @return the sealer behind the cookie's value, or empty when no secret key is set */
    public Optional<CookieSealer> getSealer() {
        return Optional.ofNullable(sealer);
    }

    /**
     * @return the payload and when it was sealed, once it opened under one of the keys, for this cookie's name, within the maximum age
     * @throws BadDataException when it did not
     */
    @Override
    protected Timestamped<byte[]> openPayload(String cookieValue, long maxAgeSeconds) throws BadDataException {
        return sealer.openTimestamped(getCookieName(), cookieValue, maxAgeSeconds);
    }

    /** @return the payload sealed under {@code SECRET_KEY} for this cookie's name, issued now */
    @Override
    protected String sealPayload(byte[] payload) {
        return sealer.seal(getCookieName(), payload);
    }
}
