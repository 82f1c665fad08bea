package dev.flasksession.login;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.SetCookie;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flask-Login's remember-me cookie: {@code encode_cookie}, {@code decode_cookie} and {@code _cookie_digest} of
 * {@code flask_login/utils.py}, and the {@code Set-Cookie} headers of {@code LoginManager._set_cookie} and
 * {@code _clear_cookie}. The value is {@code user_id|hex(HMAC-SHA512(key, user_id))}, the key being
 * {@code SECRET_KEY} encoded as Latin-1 (not UTF-8, as Flask's session signing has it), with no salt, no time and no
 * fallback keys. Immutable and thread-safe.
 */
public final class RememberCookie {
    private final SecretKeySpec key;

    /**
     * @param secretKey {@code SECRET_KEY}, as Flask has it
     * @throws SessionConfigException naming {@code SECRET_KEY} when it is unset, or holds a character Latin-1 cannot
     *                                encode (Flask-Login's {@code key.encode("latin1")} fails on it)
     */
    public RememberCookie(String secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new SessionConfigException(SessionConfig.SECRET_KEY, "must be set: it signs the remember-me cookie");
        }
        CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            var bytes = latin1.encode(CharBuffer.wrap(secretKey));
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            this.key = new SecretKeySpec(raw, "HmacSHA512");
        } catch (CharacterCodingException e) {
            throw new SessionConfigException(SessionConfig.SECRET_KEY, "holds a character beyond U+00FF, which "
                    + "Flask-Login cannot use for the remember-me cookie (it encodes the key as Latin-1); use a key of "
                    + "ASCII or Latin-1 characters");
        }
    }

    /**
     * {@code encode_cookie}.
     *
     * @param userId the user's id, as {@code get_id()} gives it
     * @return the cookie value, {@code user_id|digest}
     * @throws IllegalArgumentException when the id is not well-formed UTF-16 (Python cannot encode it either)
     */
    public String encode(String userId) {
        return userId + "|" + digest(wellFormedUtf8(userId).orElseThrow(
                () -> new IllegalArgumentException("the user id holds a lone surrogate, which UTF-8 cannot encode")));
    }

    /**
     * {@code decode_cookie}: split at the last {@code |}, the digest compared in constant time.
     *
     * @param cookie the cookie's value as the request carried it (unquoted), or {@code null}
     * @return the user id, or empty for a value that is tampered, garbage or signed with another key; never throws
     */
    public Optional<String> decode(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int bar = cookie.lastIndexOf('|');
        if (bar < 0) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, bar);
        String digest = cookie.substring(bar + 1);
        // hmac.compare_digest refuses a str with non-ASCII characters (the request fails in Flask): no user here.
        if (!digest.chars().allMatch(c -> c < 0x80)) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = wellFormedUtf8(payload);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        byte[] expected = digest(bytes.get()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, digest.getBytes(StandardCharsets.US_ASCII))
                ? Optional.of(payload) : Optional.empty();
    }

    /**
     * The header {@code _set_cookie} writes through Werkzeug's {@code set_cookie}.
     *
     * @param settings the cookie's settings
     * @param userId   the signed-in user's id
     * @param expires  when it expires: Flask-Login's {@code utcnow() + duration}
     * @return the {@code Set-Cookie}
     */
    public SetCookie setCookie(LoginSettings settings, String userId, Instant expires) {
        return SetCookie.of(settings.cookieName(), encode(userId), expires, settings.cookieDomain().orElse(null),
                settings.cookiePath(), settings.cookieSecure(), settings.cookieHttpOnly(),
                settings.cookieSameSite().orElse(null), false);
    }

    /**
     * The header {@code _clear_cookie} writes: Werkzeug's {@code delete_cookie} with the domain and path only, so no
     * {@code Secure}, {@code HttpOnly} or {@code SameSite}, whatever the cookie was set with.
     *
     * @param settings the cookie's settings
     * @return the deleting {@code Set-Cookie}
     */
    public static SetCookie deletingCookie(LoginSettings settings) {
        return SetCookie.deleting(settings.cookieName(), settings.cookieDomain().orElse(null), settings.cookiePath(),
                false, false, null, false);
    }

    private String digest(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has HMAC-SHA512", e);
        }
    }

    private static Optional<byte[]> wellFormedUtf8(String s) {
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            var bytes = utf8.encode(CharBuffer.wrap(s));
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            return Optional.of(raw);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
