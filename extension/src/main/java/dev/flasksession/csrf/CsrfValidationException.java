package dev.flasksession.csrf;

import java.util.Objects;

/**
 * A request failed the CSRF check: Flask-WTF's {@code ValidationError} and {@code CSRFError}, which answer 400 with
 * {@link #reason()}'s message. Its message is only the reason; it never carries a token or a key.
 */
public class CsrfValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CsrfReason reason;

    /**
     * @param reason why the check failed
     */
    public CsrfValidationException(CsrfReason reason) {
        // No stack trace: anyone can cause one of these with a bad post, and where it was thrown is never news.
        super(Objects.requireNonNull(reason, "reason").message(), null, false, false);
        this.reason = reason;
    }

    /** @return why the check failed */
    public CsrfReason reason() {
        return reason;
    }
}
