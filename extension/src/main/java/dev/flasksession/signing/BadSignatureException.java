package dev.flasksession.signing;

/** The signature is missing, malformed or does not match any of the keys ({@code BadSignature}). */
public class BadSignatureException extends BadDataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the signature was refused
     */
    public BadSignatureException(String message) {
        super(message);
    }
}
