package dev.flasksession.json;

/** Text that is not valid JSON, or JSON that is not valid tagged JSON ({@code json.JSONDecodeError} in Python). */
public class JsonDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong
     */
    public JsonDecodeException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause   the parser's error
     */
    public JsonDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
