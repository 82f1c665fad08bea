package dev.flasksession.signing;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An initialised HMAC kept as a prototype, so that the request path only clones it instead of looking up the
 * provider and initialising the key again.
 */
final class HmacKey {
    private final Mac prototype;

    private HmacKey(Mac prototype) {
        this.prototype = prototype;
    }

    static HmacKey of(byte[] key, Digest digest) {
        try {
            Mac mac = Mac.getInstance(digest.macAlgorithm());
            // JCA refuses an empty key; HMAC pads keys with zeros, so one zero byte is the very same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, digest.macAlgorithm()));
            return new HmacKey(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot initialise " + digest.macAlgorithm(), e);
        }
    }

    /** @return a fresh, ready-to-use copy; Mac instances are not thread-safe */
    Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JCA provider of " + prototype.getAlgorithm() + " cannot clone a Mac", e);
        }
    }
}
