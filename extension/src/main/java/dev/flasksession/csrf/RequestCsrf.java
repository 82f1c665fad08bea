package dev.flasksession.csrf;

import java.util.Map;
import java.util.Objects;

/**
 * The CSRF state of one request, which Flask-WTF keeps in {@code g}: the signed token, made once so every form of a
 * page carries the same one ({@code g.csrf_token}), and whether the request passed the check ({@code g.csrf_valid}).
 * Not thread-safe; the integration makes one per request.
 */
public final class RequestCsrf {
    private final CsrfTokens tokens;
    private final Map<String, Object> session;
    private String token;
    private boolean valid;

    /**
     * @param tokens  the application's tokens
     * @param session the request's session
     */
    public RequestCsrf(CsrfTokens tokens, Map<String, Object> session) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * {@code generate_csrf()}: the signed token, the same for the whole request; makes the session's raw token when
     * it has none.
     *
     * @return the token for a form field, a {@code <meta>} tag or a header
     */
    public String token() {
        if (token == null) {
            token = tokens.generate(session);
        }
        return token;
    }

    /**
     * Runs the check and remembers that it passed.
     *
     * @param protect the check
     * @param request the request
     * @throws CsrfValidationException when the request fails it
     */
    public void protect(CsrfProtect protect, CsrfRequest request) {
        protect.protect(request, session);
        valid = true;
    }

    /** @return whether {@link #protect} passed in this request ({@code g.csrf_valid}) */
    public boolean isValid() {
        return valid;
    }
}
