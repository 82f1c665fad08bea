package dev.flasksession.csrf;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.PythonJson;
import dev.flasksession.signing.BadDataException;
import dev.flasksession.signing.BadPayloadException;
import dev.flasksession.signing.Digest;
import dev.flasksession.signing.KeyDerivation;
import dev.flasksession.signing.PayloadSerializer;
import dev.flasksession.signing.SignatureExpiredException;
import dev.flasksession.signing.Signer;
import dev.flasksession.signing.TimestampSigner;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flask-WTF's {@code generate_csrf} and {@code validate_csrf}: the raw token kept in the session, and the signed,
 * timestamped token that forms and headers carry. Immutable and thread-safe; one per application.
 *
 * <p>The signed token is {@code URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)} with
 * itsdangerous' defaults, which are not the session cookie's: the key is derived as {@code django-concat}
 * ({@code sha1(salt + "signer" + secret)}), the signature is HMAC-SHA1, the payload the compact JSON of the raw
 * token.
 */
public final class CsrfTokens {
    /** Flask-WTF's salt. */
    public static final String SALT = "wtf-csrf-token";
    /**
     * Tokens longer than this are refused unread as invalid. A real one is about 91 characters; a long one would
     * only make the check hash more.
     */
    public static final int MAX_TOKEN_CHARS = 4096;

    private static final PythonJson JSON = new PythonJson();
    private static final HexFormat HEX = HexFormat.of();

    private final UrlSafeTimedSerializer<Object> serializer;
    private final String fieldName;
    private final Long timeLimitSeconds;
    private final SecureRandom random;

    /**
     * @param secretKeys       the keys, oldest first and the signing key last ({@link WtfCsrfSettings#signingKeys})
     * @param fieldName        the session key of the raw token ({@code WTF_CSRF_FIELD_NAME})
     * @param timeLimitSeconds the largest accepted age ({@code WTF_CSRF_TIME_LIMIT}), or {@code null} for none
     * @param clock            the time tokens are signed at and measured against
     * @param random           where raw tokens come from
     */
    public CsrfTokens(List<byte[]> secretKeys, String fieldName, Long timeLimitSeconds, Clock clock,
                      SecureRandom random) {
        Signer signer = new Signer(secretKeys, SALT, KeyDerivation.DJANGO_CONCAT, Digest.SHA1,
                Signer.DEFAULT_SEPARATOR);
        this.serializer = new UrlSafeTimedSerializer<>(new TimestampSigner(signer, clock), new CompactJson(),
                MAX_TOKEN_CHARS);
        this.fieldName = Objects.requireNonNull(fieldName, "fieldName");
        this.timeLimitSeconds = timeLimitSeconds;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param settings Flask-WTF's settings
     * @param session  the session settings, for {@code SECRET_KEY} and its fallbacks
     * @return tokens on the system clock and a fresh {@link SecureRandom}
     * @throws dev.flasksession.config.SessionConfigException when there is no key
     */
    public static CsrfTokens from(WtfCsrfSettings settings, SessionConfig session) {
        return new CsrfTokens(settings.signingKeys(session), settings.fieldName(), settings.timeLimitSeconds(),
                Clock.systemUTC(), new SecureRandom());
    }

    /** @return the session key of the raw token */
    public String fieldName() {
        return fieldName;
    }

    /**
     * @param random where the bytes come from
     * @return {@code hashlib.sha1(os.urandom(64)).hexdigest()}: 40 lower-case hex digits
     */
    public static String newRawToken(SecureRandom random) {
        byte[] seed = new byte[64];
        random.nextBytes(seed);
        return HEX.formatHex(Digest.SHA1.newMessageDigest().digest(seed));
    }

    /**
     * The raw token of the session, made and stored now if the session has none. A value that is not a string is
     * replaced too: Flask-WTF would sign it as it is and then fail to compare it.
     *
     * @param session the session (a {@link dev.flasksession.session.FlaskSession}); changed only when it had no
     *                raw token
     * @return the raw token
     */
    public String rawToken(Map<String, Object> session) {
        if (session.get(fieldName) instanceof String raw) {
            return raw;
        }
        String raw = newRawToken(random);
        session.put(fieldName, raw);
        return raw;
    }

    /**
     * {@code generate_csrf()}, without its per-request cache ({@link RequestCsrf} has it): a newly timestamped
     * signed token for the session's raw token, made lazily.
     *
     * @param session the session
     * @return the token for a form field or a header
     */
    public String generate(Map<String, Object> session) {
        return serializer.dumps(rawToken(session));
    }

    /**
     * @param raw          a raw token
     * @param epochSeconds the time to sign it at
     * @return its signed token, as Flask-WTF would make it at that time
     */
    public String sign(String raw, long epochSeconds) {
        return serializer.dumps(raw, epochSeconds);
    }

    /**
     * {@code validate_csrf(data)}, in its order and with its reasons. Refuses every bad input with one of them and
     * never throws anything else; the tokens are compared in constant time.
     *
     * @param token   the signed token the request carried, or {@code null}
     * @param session the session
     * @throws CsrfValidationException saying why the token is refused
     */
    public void validate(String token, Map<String, Object> session) {
        if (token == null || token.isEmpty()) {
            throw new CsrfValidationException(CsrfReason.TOKEN_MISSING);
        }
        if (!session.containsKey(fieldName)) {
            throw new CsrfValidationException(CsrfReason.SESSION_TOKEN_MISSING);
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new CsrfValidationException(CsrfReason.INVALID);
        }
        Object signed;
        try {
            signed = serializer.loads(token, timeLimitSeconds);
        } catch (SignatureExpiredException e) {
            throw new CsrfValidationException(CsrfReason.EXPIRED);
        } catch (BadDataException | RuntimeException e) {
            throw new CsrfValidationException(CsrfReason.INVALID);
        }
        if (!matches(session.get(fieldName), signed)) {
            throw new CsrfValidationException(CsrfReason.MISMATCH);
        }
    }

    /**
     * {@code hmac.compare_digest} of two strings, which only takes ASCII: anything else (Flask-WTF fails there with
     * a TypeError) does not match.
     */
    private static boolean matches(Object stored, Object signed) {
        if (!(stored instanceof String a) || !(signed instanceof String b) || !isAscii(a) || !isAscii(b)) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** itsdangerous' {@code _CompactJSON}: {@code json.dumps(obj, separators=(",", ":"))} and {@code json.loads}. */
    private static final class CompactJson implements PayloadSerializer<Object> {
        @Override
        public byte[] dump(Object value) {
            StringBuilder out = new StringBuilder();
            PythonJson.appendString((String) value, out, true);
            return out.toString().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Object load(byte[] payload) throws BadPayloadException {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
                return JSON.read(text);
            } catch (CharacterCodingException | JsonDecodeException e) {
                throw new BadPayloadException("Could not load the payload", e);
            }
        }
    }
}
