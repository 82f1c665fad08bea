/**
 * itsdangerous-compatible signing, in the same layers as itsdangerous: {@link dev.flasksession.signing.Signer}
 * signs and verifies a string, {@link dev.flasksession.signing.TimestampSigner} adds a signed timestamp checked
 * against a maximum age, and {@link dev.flasksession.signing.UrlSafeTimedSerializer} turns a payload into the
 * URL-safe, optionally zlib-compressed token that Flask stores in its session cookie.
 *
 * <p>Each layer can be used and tested on its own. Keys are derived once, when a signer is built; signatures are
 * compared in constant time.
 */
package dev.flasksession.signing;
