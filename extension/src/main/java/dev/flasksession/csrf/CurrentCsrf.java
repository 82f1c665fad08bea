package dev.flasksession.csrf;

import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The CSRF token of this request's session, for pages rendered in Java and for JavaScript clients: Flask-WTF's
 * {@code generate_csrf()}, {@code csrf_token()} in a template, {@code csrf_meta_tag()} and {@code g.csrf_valid}.
 * The session's raw token ({@code session["csrf_token"]}) is made the first time a request asks for a token, and a
 * Flask page sharing the session accepts what this gives, as this accepts what Flask gives.
 */
@RequestScoped
public class CurrentCsrf {
    @Inject
    CsrfProtection protection;

    @Inject
    FlaskSession session;

    private RequestCsrf state;

    private RequestCsrf state() {
        if (state == null) {
            state = new RequestCsrf(protection.tokens(), session);
        }
        return state;
    }

    /**
     * @return the signed token, the same one for the whole request; makes the session's raw token if it has none
     * @throws dev.flasksession.config.SessionConfigException when there is no key to sign with
     */
    public String token() {
        return state().token();
    }

    /** @return {@code WTF_CSRF_FIELD_NAME}, the form field to carry {@link #token()} in */
    public String fieldName() {
        return protection.settings().fieldName();
    }

    /** @return the first of {@code WTF_CSRF_HEADERS}, for scripts that send the token in a header */
    public String headerName() {
        return protection.settings().headers().get(0);
    }

    /** @return a hidden {@code <input>} carrying the token, as Flask-WTF's {@code form.csrf_token} renders it */
    public String hiddenInput() {
        return "<input id=\"" + escape(fieldName()) + "\" name=\"" + escape(fieldName()) + "\" type=\"hidden\" value=\""
                + escape(token()) + "\">";
    }

    /** @return Flask-WTF 1.3.0's {@code csrf_meta_tag()}: {@code <meta name="csrf-token" content="...">} */
    public String metaTag() {
        return "<meta name=\"" + escape(protection.settings().metaName()) + "\" content=\"" + escape(token()) + "\">";
    }

    /**
     * Runs the check on this request, as the integration does for the requests {@link CsrfProtection#checks}
     * selects.
     *
     * @param request the request
     * @throws CsrfValidationException with Flask-WTF's reason, when it fails
     */
    public void protect(CsrfRequest request) {
        state().protect(protection.protect(), request);
    }

    /** @return whether this request passed the check ({@code g.csrf_valid}) */
    public boolean isValid() {
        return state != null && state.isValid();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
