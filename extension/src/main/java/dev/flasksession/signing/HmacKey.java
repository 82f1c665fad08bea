package dev.flasksession.signing;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An initialised HMAC kept as a prototype, cloned once per thread that uses it, so that the request path neither
 * looks up the provider and initialises the key again nor clones on every signature. Only JDK classes sit in the
 * thread-local, so a redeployed application leaves nothing of its own behind in pooled threads.
 */
final class HmacKey {
    private final Mac prototype;
    private final ThreadLocal<Mac> perThread;

    private HmacKey(Mac prototype) {
        this.prototype = prototype;
        this.perThread = ThreadLocal.withInitial(this::copy);
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

    /**
     * @return this thread's copy, reset and ready: Mac instances are not thread-safe, and {@code doFinal} leaves one
     *     reset for the next use
     */
    Mac mac() {
        Mac mac = perThread.get();
        mac.reset();
        return mac;
    }

    private Mac copy() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JCA provider of " + prototype.getAlgorithm() + " cannot clone a Mac", e);
        }
    }
}
