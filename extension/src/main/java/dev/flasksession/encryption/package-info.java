/**
 * Encrypted cookies: {@link dev.flasksession.encryption.CookieSealer} seals a payload with AES-256-GCM under a key
 * that {@link dev.flasksession.encryption.Hkdf} (RFC 5869, HMAC-SHA256) derives from {@code SECRET_KEY}, and opens it
 * under that key or a fallback. It knows nothing of sessions, so it can be used and tested on its own, as the
 * {@code signing} layers can; {@link dev.flasksession.session.EncryptedCookieSessionInterface} puts it behind Flask's
 * cookie rules. Only {@code javax.crypto} is used.
 */
package dev.flasksession.encryption;
