package dev.flasksession.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SigningTest {
    private static List<byte[]> keys(String... keys) {
        return Stream.of(keys).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @TestFactory
    Stream<DynamicTest> flaskSessionSignedIds() {
        return Conformance.lines("flask-session-signed-ids.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                (String) v.get("sid"), () -> {
                    Signer signer = new Signer(keys((String) v.get("secret_key")), "flask-session");
                    assertEquals(v.get("signed"), signer.sign((String) v.get("sid")));
                    assertEquals(v.get("sid"), signer.unsign((String) v.get("signed")));
                }));
    }

    @Test
    void signsWithTheLastKeyAndVerifiesWithEveryKey() throws Exception {
        Signer old = new Signer(keys("old"), "s");
        Signer rotated = new Signer(keys("old", "new"), "s");
        Signer fresh = new Signer(keys("new"), "s");
        assertEquals("v", rotated.unsign(old.sign("v")));
        assertEquals(fresh.sign("v"), rotated.sign("v"));
        assertThrows(BadSignatureException.class, () -> fresh.unsign(old.sign("v")));
    }

    @Test
    void everyKeyDerivationSignsDifferentlyAndVerifiesItself() throws Exception {
        java.util.Set<String> signatures = new java.util.HashSet<>();
        for (KeyDerivation kd : KeyDerivation.values()) {
            for (Digest d : Digest.values()) {
                Signer s = new Signer(keys("k"), "salt", kd, d, '.');
                String signed = s.sign("value");
                assertEquals("value", s.unsign(signed));
                assertTrue(signatures.add(signed), kd + "/" + d);
            }
        }
    }

    @Test
    void knownItsdangerousSignatures() {
        // Made with itsdangerous 2.2.0: Signer("secret-key", salt="itsdangerous.Signer", ...).sign("value")
        Map<String, String> expected = Map.of(
                "hmac", "value.amDFTaW4_4Q4S4WgCg8gPnw99dU",
                "concat", "value.BWFI7CwV-UtaizSlDrdXTgFEycw",
                "django-concat", "value.RI9crmxKpuX1wTw2mg_FHFGXRic",
                "none", "value.KR0bPVhdBT1d8GpHRrZeO1VF_ew");
        expected.forEach((kd, signed) -> assertEquals(signed,
                new Signer(keys("secret-key"), "itsdangerous.Signer", KeyDerivation.fromName(kd), Digest.SHA1, '.').sign("value"), kd));
        // itsdangerous' own default derivation is django-concat; Flask passes hmac, and so do we by default.
        assertEquals("value.4wXXEdirHmmtQq0_pAymihPeEeL_ST_1AkqXEoBEfaQ",
                new Signer(keys("secret-key"), "itsdangerous.Signer", KeyDerivation.HMAC, Digest.fromName("sha256"), '.').sign("value"));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.fromName("pbkdf2"));
    }

    @Test
    void refusesMalformedSignatures() {
        Signer s = new Signer(keys("k"), "salt");
        assertFalse(s.verifySignature("value", "%%%"));
        assertThrows(BadSignatureException.class, () -> s.unsign("no-separator"));
        assertThrows(BadSignatureException.class, () -> s.unsign("value."));
    }

    @Test
    void timestampAgeIsChecked() throws Exception {
        Signer s = new Signer(keys("k"), "salt");
        Clock at = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
        String signed = new TimestampSigner(s, at).sign("v");
        TimestampSigner later = new TimestampSigner(s, Clock.offset(at, java.time.Duration.ofSeconds(100)));
        assertEquals("v", later.unsign(signed, 100L));
        assertThrows(SignatureExpiredException.class, () -> later.unsign(signed, 99L));
        TimestampSigner earlier = new TimestampSigner(s, Clock.offset(at, java.time.Duration.ofSeconds(-1)));
        assertThrows(SignatureExpiredException.class, () -> earlier.unsign(signed, 100L));
        assertEquals("v", earlier.unsign(signed, null));
    }

    @Test
    void compressesOnlyWhenShorterAndBoundsDecompression() throws Exception {
        assertEquals("e30", UrlSafeTimedSerializer.encodePayload("{}".getBytes(StandardCharsets.UTF_8)));
        byte[] repetitive = ("{\"a\":\"" + "a".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        String compressed = UrlSafeTimedSerializer.encodePayload(repetitive);
        assertTrue(compressed.startsWith("."));
        assertEquals(new String(repetitive, StandardCharsets.UTF_8),
                new String(UrlSafeTimedSerializer.decodePayload(compressed), StandardCharsets.UTF_8));
        String bomb = UrlSafeTimedSerializer.encodePayload(new byte[UrlSafeTimedSerializer.MAX_DECOMPRESSED_BYTES + 10]);
        assertThrows(BadPayloadException.class, () -> UrlSafeTimedSerializer.decodePayload(bomb));
        assertThrows(BadPayloadException.class, () -> UrlSafeTimedSerializer.decodePayload(".AAAA"));
        assertThrows(BadPayloadException.class, () -> UrlSafeTimedSerializer.decodePayload("***"));
    }
}
