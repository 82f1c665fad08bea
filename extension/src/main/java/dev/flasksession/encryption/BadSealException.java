package dev.flasksession.encryption;

import dev.flasksession.signing.BadDataException;

/**
 * A sealed value could not be opened: malformed, of another version, tampered with, sealed for another cookie or
 * under a key no longer held. Like a bad signature, it leads to an empty session. Messages never say which part of
 * the authentication failed, nor contain key material.
 */
public class BadSealException extends BadDataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the value was refused
     */
    public BadSealException(String message) {
        super(message);
    }
}
