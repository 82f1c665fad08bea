package dev.flasksession.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * itsdangerous' {@code Signer}: appends {@code sep + base64(HMAC(derivedKey, value))} to a value and checks it.
 *
 * <p>Keys are given oldest first and current last, as itsdangerous and Flask order them
 * ({@code SECRET_KEY_FALLBACKS..., SECRET_KEY}): the last key signs, and verification tries the keys from the last
 * to the first. Keys are derived once, here; signatures are compared in constant time.
 */
public final class Signer {
    /** itsdangerous' default separator. */
    public static final char DEFAULT_SEPARATOR = '.';

    private final List<HmacKey> keysNewestFirst;
    private final char separator;

    /**
     * @param secretKeys    the keys, oldest first and the signing key last; at least one
     * @param salt          the salt mixed into the key derivation (Flask's session cookie uses {@code cookie-session})
     * @param keyDerivation how the signing key is derived from each secret key
     * @param digest        the hash function for derivation and signature
     * @param separator     the character between value and signature; must not be in the URL-safe base64 alphabet
     */
    public Signer(List<byte[]> secretKeys, String salt, KeyDerivation keyDerivation, Digest digest, char separator) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(keyDerivation, "keyDerivation");
        Objects.requireNonNull(digest, "digest");
        if (secretKeys == null || secretKeys.isEmpty()) {
            throw new IllegalArgumentException("A signer needs at least one secret key");
        }
        if (Character.isLetterOrDigit(separator) || separator == '-' || separator == '_' || separator == '=') {
            throw new IllegalArgumentException("The separator '" + separator + "' is in the base64 alphabet");
        }
        byte[] saltBytes = salt.getBytes(StandardCharsets.UTF_8);
        List<HmacKey> keys = new ArrayList<>(secretKeys.size());
        for (int i = secretKeys.size() - 1; i >= 0; i--) {
            keys.add(HmacKey.of(keyDerivation.derive(secretKeys.get(i), saltBytes, digest), digest));
        }
        this.keysNewestFirst = List.copyOf(keys);
        this.separator = separator;
    }

    /**
     * A signer with Flask's session defaults for everything but the keys and salt: HMAC derivation, SHA-1, {@code .}.
     *
     * @param secretKeys the keys, oldest first and the signing key last
     * @param salt       the salt
     */
    public Signer(List<byte[]> secretKeys, String salt) {
        this(secretKeys, salt, KeyDerivation.HMAC, Digest.SHA1, DEFAULT_SEPARATOR);
    }

    /** @return the separator between a value and its signature */
    public char separator() {
        return separator;
    }

    /**
     * @param value the value to sign
     * @return the URL-safe base64 signature of the value under the current key
     */
    public String signature(String value) {
        return Base64Url.encode(keysNewestFirst.get(0).mac().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param value the value to sign
     * @return {@code value + separator + signature}
     */
    public String sign(String value) {
        return value + separator + signature(value);
    }

    /**
     * @param value     the signed value
     * @param signature its base64 signature
     * @return whether any of the keys produced that signature; compared in constant time
     */
    public boolean verifySignature(String value, String signature) {
        byte[] expected;
        try {
            expected = Base64Url.decode(signature);
        } catch (BadDataException e) {
            return false;
        }
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (HmacKey key : keysNewestFirst) {
            // No early exit: the time taken does not tell which key matched.
            match |= MessageDigest.isEqual(key.mac().doFinal(data), expected);
        }
        return match;
    }

    /**
     * @param signedValue {@code value + separator + signature}
     * @return the value, once its signature checks out
     * @throws BadSignatureException when the separator is missing or the signature does not match
     */
    public String unsign(String signedValue) throws BadSignatureException {
        int at = signedValue.lastIndexOf(separator);
        if (at < 0) {
            throw new BadSignatureException("No '" + separator + "' found in value");
        }
        String value = signedValue.substring(0, at);
        if (verifySignature(value, signedValue.substring(at + 1))) {
            return value;
        }
        throw new BadSignatureException("Signature does not match");
    }
}
