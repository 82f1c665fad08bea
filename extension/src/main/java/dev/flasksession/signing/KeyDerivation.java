package dev.flasksession.signing;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * How itsdangerous turns a secret key and a salt into the signing key. Flask uses {@link #HMAC}; the others exist
 * for tokens made by other itsdangerous users.
 */
public enum KeyDerivation {
    /** {@code HMAC(secret, salt)}: Flask's choice. */
    HMAC("hmac") {
        @Override
        byte[] derive(byte[] secret, byte[] salt, Digest digest) {
            return HmacKey.of(secret, digest).mac().doFinal(salt);
        }
    },
    /** {@code digest(salt + secret)}. */
    CONCAT("concat") {
        @Override
        byte[] derive(byte[] secret, byte[] salt, Digest digest) {
            MessageDigest md = digest.newMessageDigest();
            md.update(salt);
            return md.digest(secret);
        }
    },
    /** {@code digest(salt + "signer" + secret)}, as Django did. */
    DJANGO_CONCAT("django-concat") {
        @Override
        byte[] derive(byte[] secret, byte[] salt, Digest digest) {
            MessageDigest md = digest.newMessageDigest();
            md.update(salt);
            md.update("signer".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return md.digest(secret);
        }
    },
    /** The secret key itself, salt ignored. */
    NONE("none") {
        @Override
        byte[] derive(byte[] secret, byte[] salt, Digest digest) {
            return secret.clone();
        }
    };

    private final String pythonName;

    KeyDerivation(String pythonName) {
        this.pythonName = pythonName;
    }

    abstract byte[] derive(byte[] secret, byte[] salt, Digest digest);

    /** @return the name itsdangerous uses for this derivation */
    public String pythonName() {
        return pythonName;
    }

    /**
     * @param name an itsdangerous name: {@code hmac}, {@code concat}, {@code django-concat} or {@code none}
     * @return the derivation
     * @throws IllegalArgumentException for any other name
     */
    public static KeyDerivation fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (KeyDerivation k : values()) {
            if (k.pythonName.equals(wanted)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown key derivation '" + name + "'; expected hmac, concat, django-concat or none");
    }
}
