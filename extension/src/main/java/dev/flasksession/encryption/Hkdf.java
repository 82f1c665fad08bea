package dev.flasksession.encryption;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which Java 17 lacks: {@link #extract} concentrates the secret's entropy into a
 * pseudorandom key, {@link #expand} stretches that into as many independent key bytes as asked for, bound to an
 * {@code info} label. Keys are derived once, when a {@link CookieSealer} is built, so speed does not matter here.
 */
public final class Hkdf {
    /** The output length of HMAC-SHA256, in bytes. */
    public static final int HASH_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    /**
     * @param salt a non-secret salt; {@code null} or empty for RFC 5869's default of {@value #HASH_LENGTH} zero bytes
     * @param ikm  the input keying material, the secret
     * @return the pseudorandom key, {@value #HASH_LENGTH} bytes
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        return hmac(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt).doFinal(ikm);
    }

    /**
     * @param prk    a pseudorandom key, at least {@value #HASH_LENGTH} bytes (the output of {@link #extract})
     * @param info   the context the key is for; {@code null} for none
     * @param length how many bytes to make, at most 255 times {@value #HASH_LENGTH}
     * @return the output keying material
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("The pseudorandom key must be at least " + HASH_LENGTH + " bytes");
        }
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 makes 0 to " + 255 * HASH_LENGTH + " bytes, not " + length);
        }
        Mac mac = hmac(prk);
        byte[] okm = new byte[length];
        byte[] block = new byte[0];
        for (int done = 0, counter = 1; done < length; counter++) {
            mac.update(block);
            if (info != null) {
                mac.update(info);
            }
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, okm, done, n);
            done += n;
        }
        return okm;
    }

    /**
     * @param salt   as for {@link #extract}
     * @param ikm    the secret
     * @param info   as for {@link #expand}
     * @param length as for {@link #expand}
     * @return {@code expand(extract(salt, ikm), info, length)}
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM lacks " + HMAC, e);
        }
    }
}
