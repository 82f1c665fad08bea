package dev.flasksession.signing;

/**
 * The signature is valid but its timestamp is older than the allowed maximum age, or lies in the future
 * ({@code SignatureExpired}).
 */
public class SignatureExpiredException extends BadSignatureException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the age that was refused
     */
    public SignatureExpiredException(String message) {
        super(message);
    }
}
