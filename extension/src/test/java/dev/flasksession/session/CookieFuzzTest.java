package dev.flasksession.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.signing.BadPayloadException;
import dev.flasksession.signing.Signer;
import dev.flasksession.signing.TimestampSigner;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Hostile input for every layer of the cookie decoder. Each target passes when the input gives a session or the
 * layer's declared "bad data" exception; any other throwable (a {@link StackOverflowError} too) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the corpus under {@code CookieFuzzTestInputs/} as regression tests.
 */
class CookieFuzzTest {
    private static final long NOW = 1_767_225_600L;
    private static final String KEY = "dev-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final SecureCookieSessionInterface BACKEND = new SecureCookieSessionInterface(
            SessionConfig.builder().secretKey(KEY).permanentSessionLifetime(Duration.ofDays(31)).build(), CLOCK);
    private static final UrlSafeTimedSerializer<Map<String, Object>> SERIALIZER =
            BACKEND.getSigningSerializer().orElseThrow();
    /** Signs fuzzer-chosen payloads with the backend's key, so the fuzzer gets past the signature. */
    private static final TimestampSigner SIGNER = new TimestampSigner(
            new Signer(List.of(KEY.getBytes(StandardCharsets.UTF_8)), SecureCookieSessionInterface.SALT), CLOCK);
    private static final TaggedJson TAGGED = new TaggedJson();

    /**
     * The whole path of a request's cookie. The first byte chooses what the rest is: a cookie value as sent (0), a
     * payload (base64, optionally {@code .}-marked zlib) that gets signed (1), a serialized session that gets
     * encoded as Flask would and signed (2), or bytes that get zlib-compressed and signed whatever their size (3).
     */
    @FuzzTest(maxDuration = "2m")
    void openSession(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String rest = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        String cookie = switch (input[0] & 3) {
            case 0 -> rest;
            case 1 -> SIGNER.sign(rest);
            case 2 -> SIGNER.sign(UrlSafeTimedSerializer.encodePayload(body));
            default -> SIGNER.sign("." + Base64.getUrlEncoder().withoutPadding().encodeToString(zlib(body)));
        };
        FlaskSession session = BACKEND.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + cookie)));
        // What opened must also save: a session read from a cookie that then fails to write is a 500 later on.
        SERIALIZER.dumps(session.contents(), NOW);
    }

    /** The unsigned payload layer: base64, then zlib when {@code .}-marked. */
    @FuzzTest(maxDuration = "2m")
    void decodePayload(byte[] input) {
        try {
            UrlSafeTimedSerializer.decodePayload(new String(input, StandardCharsets.ISO_8859_1));
        } catch (BadPayloadException expected) {
            // bad data, cleanly refused
        }
    }

    /** Flask's tagged JSON on its own. */
    @FuzzTest(maxDuration = "2m")
    void taggedJson(byte[] input) {
        Object value;
        try {
            value = TAGGED.loads(new String(input, StandardCharsets.UTF_8));
        } catch (JsonDecodeException expected) {
            return;
        }
        TAGGED.dumps(value);
    }

    /** The signed bytes as the session serializer reads them: UTF-8 tagged JSON that must be an object. */
    @FuzzTest(maxDuration = "2m")
    void sessionPayload(byte[] input) {
        SessionPayload payload = new SessionPayload();
        try {
            payload.dump(payload.load(input));
        } catch (BadPayloadException expected) {
            // bad data, cleanly refused
        }
    }

    /** The {@code Cookie} header parser; a zero byte in the input splits it into several headers. */
    @FuzzTest(maxDuration = "2m")
    void cookieHeader(byte[] input) {
        List<String> headers = List.of(new String(input, StandardCharsets.ISO_8859_1).split("\0", -1));
        CookieHeaders.find(headers, "session");
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
