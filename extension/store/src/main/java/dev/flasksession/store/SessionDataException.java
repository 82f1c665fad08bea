package dev.flasksession.store;

/** Stored session bytes that neither format can read (pickled data from an older Flask-Session, or garbage). */
public class SessionDataException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read
     */
    public SessionDataException(String message) {
        super(message);
    }
}
