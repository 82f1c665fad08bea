package dev.flasksession.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.signing.Base64Url;
import dev.flasksession.signing.BadDataException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The sealing layer on its own: the format, every way a value is refused, and key rotation. */
class CookieSealerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] PAYLOAD = "{\"user_id\":42}".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static CookieSealer sealer(String... keysOldestFirst) {
        List<byte[]> keys = new ArrayList<>();
        for (String k : keysOldestFirst) {
            keys.add(key(k));
        }
        return new CookieSealer(keys, CLOCK);
    }

    private static final CookieSealer SEALER = sealer("a-secret-key-0123456789");

    @Test
    void roundTrip() throws Exception {
        String sealed = SEALER.seal("session", PAYLOAD);
        assertTrue(sealed.matches("[A-Za-z0-9_-]+"), sealed);
        assertArrayEquals(PAYLOAD, SEALER.open("session", sealed, 60));
        assertArrayEquals(new byte[0], SEALER.open("session", SEALER.seal("session", new byte[0]), 60));
    }

    @Test
    void theLayoutIsVersionNonceThenCiphertextAndTag() throws Exception {
        byte[] raw = Base64Url.decode(SEALER.seal("session", PAYLOAD));
        assertEquals(CookieSealer.VERSION, raw[0]);
        assertEquals(1 + 12 + 8 + PAYLOAD.length + 16, raw.length);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("user_id"), "the payload is not readable");
    }

    /** Made by Python's {@code cryptography} (AESGCM) from the documented format alone, with a fixed nonce. */
    @Test
    void opensAValueSealedByAnIndependentImplementationOfTheFormat() throws Exception {
        String fromPython = "AQABAgMEBQYHCAkKC78EH456ydGgQQMH8S9aqdGc7AlycY1gu_wGyuE1nN4oon5zh7YQ";
        assertArrayEquals(PAYLOAD, sealer("vector-secret-key-0123").open("session", fromPython, 0));
    }

    @Test
    void everyNonceIsNew() {
        assertNotEquals(SEALER.seal("session", PAYLOAD), SEALER.seal("session", PAYLOAD));
    }

    @Test
    void changingAnyByteOrCharacterIsRefused() throws Exception {
        String sealed = SEALER.seal("session", PAYLOAD);
        byte[] raw = Base64Url.decode(sealed);
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = raw.clone();
                changed[i] ^= (byte) (1 << bit);
                String value = Base64Url.encode(changed);
                assertThrows(BadSealException.class, () -> SEALER.open("session", value, 60), "byte " + i + " bit " + bit);
            }
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < sealed.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != sealed.charAt(i)) {
                    String value = sealed.substring(0, i) + c + sealed.substring(i + 1);
                    assertThrows(BadSealException.class, () -> SEALER.open("session", value, 60), value);
                }
            }
        }
        assertThrows(BadSealException.class, () -> SEALER.open("session", sealed + "=", 60), "padding");
        assertThrows(BadSealException.class, () -> SEALER.open("session", sealed + "A", 60), "appended");
        assertThrows(BadSealException.class, () -> SEALER.open("session", sealed.substring(1), 60), "cut");
    }

    @Test
    void garbageIsRefusedAsBadData() {
        for (String bad : List.of("", "A", "AQ", "%%%", "a.b.c", "\u00e9t\u00e9", "a".repeat(CookieSealer.MAX_SEALED_LENGTH + 1),
                Base64Url.encode(new byte[36]), Base64Url.encode(new byte[37]), Base64Url.encode(new byte[300]))) {
            BadDataException e = assertThrows(BadSealException.class, () -> SEALER.open("session", bad, 60), bad);
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void anotherVersionIsRefused() throws Exception {
        byte[] raw = Base64Url.decode(SEALER.seal("session", PAYLOAD));
        raw[0] = 2;
        BadSealException e = assertThrows(BadSealException.class, () -> SEALER.open("session", Base64Url.encode(raw), 60));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void oversizedValuesAreRefusedBeforeDecoding() {
        String huge = SEALER.seal("session", new byte[3100]);
        assertTrue(huge.length() > CookieSealer.MAX_SEALED_LENGTH);
        BadSealException e = assertThrows(BadSealException.class, () -> SEALER.open("session", huge, 60));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void aValueForAnotherCookieIsRefused() {
        String sealed = SEALER.seal("session", PAYLOAD);
        assertThrows(BadSealException.class, () -> SEALER.open("remember", sealed, 60));
        assertThrows(BadSealException.class, () -> SEALER.open("Session", sealed, 60));
    }

    @Test
    void expiredAndFutureValuesAreRefused() throws Exception {
        long now = NOW.getEpochSecond();
        assertArrayEquals(PAYLOAD, SEALER.open("session", SEALER.seal("session", PAYLOAD, now - 60), 60));
        assertThrows(SealExpiredException.class, () -> SEALER.open("session", SEALER.seal("session", PAYLOAD, now - 61), 60));
        assertThrows(SealExpiredException.class, () -> SEALER.open("session", SEALER.seal("session", PAYLOAD, now + 1), 60));
        assertThrows(SealExpiredException.class, () -> SEALER.open("session", SEALER.seal("session", PAYLOAD, Long.MIN_VALUE), 60));
    }

    @Test
    void fallbackKeysOpenAndTheCurrentKeySeals() throws Exception {
        CookieSealer old = sealer("old-secret-key-0123456789");
        String underOld = old.seal("session", PAYLOAD);
        CookieSealer rotated = sealer("older-secret-key-01234567", "old-secret-key-0123456789", "new-secret-key-0123456789");
        assertArrayEquals(PAYLOAD, rotated.open("session", underOld, 60), "a fallback still opens");

        String underNew = rotated.seal("session", PAYLOAD);
        assertThrows(BadSealException.class, () -> old.open("session", underNew, 60), "new values use the new key");
        assertArrayEquals(PAYLOAD, sealer("new-secret-key-0123456789").open("session", underNew, 60));

        CookieSealer dropped = sealer("new-secret-key-0123456789");
        assertThrows(BadSealException.class, () -> dropped.open("session", underOld, 60), "a key no longer listed");
    }

    @Test
    void oneSealerServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                byte[] mine = ("{\"thread\":" + t + "}").getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (!java.util.Arrays.equals(mine, SEALER.open("session", SEALER.seal("session", mine), 60))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
