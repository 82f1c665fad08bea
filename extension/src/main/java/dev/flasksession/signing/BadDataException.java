package dev.flasksession.signing;

/**
 * Signed data could not be trusted or decoded: the root of the signing exceptions, as {@code BadData} is in
 * itsdangerous. Messages never contain key material.
 */
public class BadDataException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with the data
     */
    public BadDataException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong with the data
     * @param cause   the decoding failure behind it
     */
    public BadDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
