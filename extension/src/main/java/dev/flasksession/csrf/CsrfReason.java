package dev.flasksession.csrf;

/** Why a request failed the CSRF check, with Flask-WTF 1.3.0's exact words, in the order it checks them. */
public enum CsrfReason {
    /** No token in the form field or the headers. */
    TOKEN_MISSING("The CSRF token is missing."),
    /** The session holds no raw token ({@code WTF_CSRF_FIELD_NAME}): no page made one for it. */
    SESSION_TOKEN_MISSING("The CSRF session token is missing."),
    /** The signature is good but older than {@code WTF_CSRF_TIME_LIMIT}, or dated in the future. */
    EXPIRED("The CSRF token has expired."),
    /** Anything else wrong with the signed token: bad signature, other key, garbage. */
    INVALID("The CSRF token is invalid."),
    /** A well-signed token of another session. */
    MISMATCH("The CSRF tokens do not match."),
    /** HTTPS with {@code WTF_CSRF_SSL_STRICT}, and no {@code Referer}. */
    REFERRER_MISSING("The referrer header is missing."),
    /** HTTPS with {@code WTF_CSRF_SSL_STRICT}, and a {@code Referer} of another origin. */
    REFERRER_MISMATCH("The referrer does not match the host.");

    private final String message;

    CsrfReason(String message) {
        this.message = message;
    }

    /** @return Flask-WTF's reason, word for word, as its {@code CSRFError} carries it */
    public String message() {
        return message;
    }
}
