package dev.flasksession.encryption;

import dev.flasksession.signing.Timestamped;
import dev.flasksession.signing.Base64Url;
import dev.flasksession.signing.BadDataException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a cookie's payload with AES-256-GCM, so that the client can neither read nor change it, and opens it again.
 *
 * <p>The value, as it stands in the cookie, is URL-safe base64 without padding of:
 * <pre>
 * version (1 byte, {@value #VERSION}) || nonce (12 bytes, SecureRandom) || AES-256-GCM(ciphertext || 16-byte tag)
 * </pre>
 * where the plaintext is the issue time (8 bytes, big-endian Unix seconds) followed by the payload, and the
 * associated data is the version byte, {@value #CONTEXT}, a zero byte and the cookie's name in UTF-8: a value moved
 * to a cookie of another name, or given another version byte, does not open. Nothing is compressed, since
 * compressing before encrypting lets the length of a cookie tell whether attacker-chosen data matched the secret
 * data beside it.
 *
 * <p>Each secret key gives its AES key by HKDF-SHA256 (RFC 5869) with no salt and the info {@value #HKDF_INFO}, so
 * the encryption key is unrelated to the keys that sign Flask's cookies with the same secret. Keys are given as
 * {@link dev.flasksession.signing.Signer} takes them, oldest first and current last: the last seals, and opening
 * tries them from the last to the first. They are derived once, here. An instance is thread-safe.
 *
 * <p>Opening refuses, with a {@link BadSealException}, anything it did not make: a value over
 * {@value #MAX_SEALED_LENGTH} characters (before any decoding), base64 that is not exactly what {@link #seal} writes,
 * a short value, another version, a tag that no key verifies; and with a {@link SealExpiredException} a value
 * whose issue time is older than the maximum age or in the future.
 */
public final class CookieSealer {
    /** The format's version, the first byte of every sealed value. */
    public static final byte VERSION = 1;

    /** A value longer than this cannot be a cookie that browsers kept, so it is not decoded at all. */
    public static final int MAX_SEALED_LENGTH = 4096;

    /** The fixed part of the associated data. */
    public static final String CONTEXT = "flask-session-cdi encrypted session cookie";

    /** The HKDF info that derives the AES key from a secret key. */
    public static final String HKDF_INFO = "flask-session-cdi cookie AES-256-GCM v1";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TIMESTAMP_BYTES = 8;
    private static final int KEY_BYTES = 32;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final int MIN_SEALED_BYTES = HEADER_BYTES + TIMESTAMP_BYTES + TAG_BITS / 8;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SecretKey> keysNewestFirst;
    private final Clock clock;

    /**
     * @param secretKeys the secret keys, oldest first and the sealing key last; at least one
     * @param clock      the source of "now", for the issue time and the age check
     */
    public CookieSealer(List<byte[]> secretKeys, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (secretKeys == null || secretKeys.isEmpty()) {
            throw new IllegalArgumentException("A sealer needs at least one secret key");
        }
        byte[] info = HKDF_INFO.getBytes(StandardCharsets.US_ASCII);
        List<SecretKey> keys = new ArrayList<>(secretKeys.size());
        for (int i = secretKeys.size() - 1; i >= 0; i--) {
            keys.add(new SecretKeySpec(Hkdf.derive(null, secretKeys.get(i), info, KEY_BYTES), "AES"));
        }
        this.keysNewestFirst = List.copyOf(keys);
    }

    /** @return the Unix time now, in whole seconds */
    public long timestamp() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    /**
     * @param cookieName the name of the cookie the value is for
     * @param payload    the bytes to seal
     * @return the sealed value, issued now, under the current key
     */
    public String seal(String cookieName, byte[] payload) {
        return seal(cookieName, payload, timestamp());
    }

    /**
     * @param cookieName   the name of the cookie the value is for
     * @param payload      the bytes to seal
     * @param epochSeconds the issue time to seal with it
     * @return the sealed value, under the current key
     */
    public String seal(String cookieName, byte[] payload, long epochSeconds) {
        byte[] out = new byte[HEADER_BYTES + TIMESTAMP_BYTES + payload.length + TAG_BITS / 8];
        out[0] = VERSION;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
        byte[] plaintext = ByteBuffer.allocate(TIMESTAMP_BYTES + payload.length).putLong(epochSeconds).put(payload).array();
        try {
            // A Cipher is neither thread-safe nor, for GCM, reusable with its key and nonce: one per value.
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keysNewestFirst.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(cookieName));
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot encrypt with " + TRANSFORMATION, e);
        }
        return Base64Url.encode(out);
    }

    /**
     * @param cookieName    the name of the cookie the value came in
     * @param sealed        the cookie's value
     * @param maxAgeSeconds the oldest accepted issue time, in seconds before now
     * @return the payload
     * @throws SealExpiredException when the value opened but is too old, or was issued in the future
     * @throws BadSealException     when the value is anything else than one this sealer's keys made for this cookie
     */
    public byte[] open(String cookieName, String sealed, long maxAgeSeconds) throws BadSealException {
        return openTimestamped(cookieName, sealed, maxAgeSeconds).value();
    }

    /**
     * @param cookieName    the name of the cookie the value came in
     * @param sealed        the cookie's value
     * @param maxAgeSeconds the oldest accepted issue time, in seconds before now
     * @return the payload and the time it was sealed
     * @throws SealExpiredException when the value opened but is too old, or was issued in the future
     * @throws BadSealException     when the value is anything else than one this sealer's keys made for this cookie
     */
    public Timestamped<byte[]> openTimestamped(String cookieName, String sealed, long maxAgeSeconds)
            throws BadSealException {
        if (sealed.length() > MAX_SEALED_LENGTH) {
            throw new BadSealException("Sealed value longer than " + MAX_SEALED_LENGTH + " characters");
        }
        byte[] raw;
        try {
            raw = Base64Url.decode(sealed);
        } catch (BadDataException e) {
            throw new BadSealException("Invalid base64-encoded data");
        }
        // One accepted spelling per value: padding or stray low bits would otherwise open as the same cookie.
        if (!Base64Url.encode(raw).equals(sealed)) {
            throw new BadSealException("Not canonical unpadded base64");
        }
        if (raw.length < MIN_SEALED_BYTES) {
            throw new BadSealException("Sealed value too short");
        }
        if (raw[0] != VERSION) {
            throw new BadSealException("Unknown sealed value version " + (raw[0] & 0xFF));
        }
        byte[] plaintext = decrypt(raw, associatedData(cookieName));
        long issued = ByteBuffer.wrap(plaintext, 0, TIMESTAMP_BYTES).getLong();
        long age = timestamp() - issued;
        if (age > maxAgeSeconds) {
            throw new SealExpiredException("Sealed value age " + age + " > " + maxAgeSeconds + " seconds");
        }
        if (age < 0) {
            throw new SealExpiredException("Sealed value age " + age + " < 0 seconds");
        }
        byte[] payload = new byte[plaintext.length - TIMESTAMP_BYTES];
        System.arraycopy(plaintext, TIMESTAMP_BYTES, payload, 0, payload.length);
        return new Timestamped<>(payload, issued);
    }

    private byte[] decrypt(byte[] raw, byte[] aad) throws BadSealException {
        GCMParameterSpec nonce = new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES);
        // Stopping at the first key that opens tells, by timing, only which key sealed a genuine value: nothing an
        // attacker can use, since a forged value opens under none.
        for (SecretKey key : keysNewestFirst) {
            try {
                Cipher cipher = Cipher.getInstance(TRANSFORMATION);
                cipher.init(Cipher.DECRYPT_MODE, key, nonce);
                cipher.updateAAD(aad);
                return cipher.doFinal(raw, HEADER_BYTES, raw.length - HEADER_BYTES);
            } catch (AEADBadTagException e) {
                // Not sealed under this key, or altered: try the next.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JVM cannot decrypt with " + TRANSFORMATION, e);
            }
        }
        throw new BadSealException("Sealed value does not open under any key");
    }

    private static byte[] associatedData(String cookieName) {
        byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] name = cookieName.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + context.length + 1 + name.length)
                .put(VERSION).put(context).put((byte) 0).put(name).array();
    }
}
