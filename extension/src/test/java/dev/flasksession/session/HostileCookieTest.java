package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.signing.BadPayloadException;
import dev.flasksession.signing.Signer;
import dev.flasksession.signing.TimestampSigner;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes of hostile cookie the fuzz tests stand for, written out: each is refused cleanly, or read. */
class HostileCookieTest {
    private static final long NOW = 1_767_225_600L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final SecureCookieSessionInterface BACKEND = new SecureCookieSessionInterface(
            SessionConfig.builder().secretKey("dev-secret").permanentSessionLifetime(Duration.ofDays(31)).build(), CLOCK);
    private static final TimestampSigner SIGNER = new TimestampSigner(
            new Signer(List.of("dev-secret".getBytes(StandardCharsets.UTF_8)), SecureCookieSessionInterface.SALT), CLOCK);
    private final TaggedJson json = new TaggedJson();

    private static FlaskSession openSigned(byte[] payloadJson) {
        String cookie = SIGNER.sign(UrlSafeTimedSerializer.encodePayload(payloadJson));
        return BACKEND.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + cookie)));
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThrows(JsonDecodeException.class, () -> json.loads(deep));
        assertTrue(openSigned(deep.getBytes(StandardCharsets.US_ASCII)).isEmpty());
        String tags = "{\"a\":" + "{\" t\":[".repeat(50_000) + "]}".repeat(50_000) + "}";
        assertTrue(openSigned(tags.getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }

    @Test
    void nestingPythonCanReadIsRead() throws Exception {
        // Python's json reads about 990 levels before its recursion limit; Flask's cookies can hold that much.
        String deep = "{\"a\":" + "[".repeat(900) + "]".repeat(900) + "}";
        assertEquals(deep, json.dumps(json.loads(deep)));
        assertEquals(1, openSigned(deep.getBytes(StandardCharsets.US_ASCII)).size());
    }

    @Test
    void hugeIntegersAreRefusedAsPythonRefusesThem() {
        String digits = "{\"n\":" + "9".repeat(100_000) + "}";
        assertThrows(JsonDecodeException.class, () -> json.loads(digits));
        assertTrue(openSigned(digits.getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }

    @Test
    void aZlibBombIsRefused() {
        byte[] zeros = ("{\"a\":\"" + "0".repeat(8 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII);
        String payload = UrlSafeTimedSerializer.encodePayload(zeros);
        assertTrue(payload.length() < 16 << 10, "a small cookie: " + payload.length());
        assertThrows(BadPayloadException.class, () -> UrlSafeTimedSerializer.decodePayload(payload));
        assertTrue(openSigned(zeros).isEmpty());
    }

    @Test
    void aCookieJustUnderTheCapStillOpens() {
        byte[] big = ("{\"a\":\"" + "0".repeat(UrlSafeTimedSerializer.MAX_DECOMPRESSED_BYTES - 16) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(Map.of("a", "0".repeat(UrlSafeTimedSerializer.MAX_DECOMPRESSED_BYTES - 16)),
                openSigned(big).contents());
    }
}
