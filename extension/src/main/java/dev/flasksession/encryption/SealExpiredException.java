package dev.flasksession.encryption;

/**
 * The value opened, but the time sealed inside it is older than the allowed maximum age, or lies in the future: the
 * counterpart of an expired signature.
 */
public class SealExpiredException extends BadSealException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the age that was refused
     */
    public SealExpiredException(String message) {
        super(message);
    }
}
