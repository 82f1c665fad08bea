package dev.flasksession.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The hash function behind the HMAC signature and the key derivation; Flask uses {@link #SHA1}. */
public enum Digest {
    /** SHA-1, Flask's default for session cookies. */
    SHA1("SHA-1", "HmacSHA1", "sha1"),
    /** SHA-224. */
    SHA224("SHA-224", "HmacSHA224", "sha224"),
    /** SHA-256. */
    SHA256("SHA-256", "HmacSHA256", "sha256"),
    /** SHA-384. */
    SHA384("SHA-384", "HmacSHA384", "sha384"),
    /** SHA-512. */
    SHA512("SHA-512", "HmacSHA512", "sha512");

    private final String messageDigestName;
    private final String macName;
    private final String pythonName;

    Digest(String messageDigestName, String macName, String pythonName) {
        this.messageDigestName = messageDigestName;
        this.macName = macName;
        this.pythonName = pythonName;
    }

    /** @return the JCA name of the HMAC algorithm, e.g. {@code HmacSHA1} */
    public String macAlgorithm() {
        return macName;
    }

    /** @return a new message digest of this kind */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(messageDigestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM lacks " + messageDigestName, e);
        }
    }

    /**
     * Looks a digest up by its hashlib name ({@code sha1}, {@code sha256}, ...) or JCA name ({@code SHA-256}).
     *
     * @param name the name, case-insensitive
     * @return the digest
     * @throws IllegalArgumentException for a name that is not supported
     */
    public static Digest fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        for (Digest d : values()) {
            if (d.pythonName.equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("Unknown digest '" + name + "'; expected one of sha1, sha224, sha256, sha384, sha512");
    }
}
