package dev.flasksession.csrf;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flask-WTF's {@code CSRFProtect.protect} and {@code _get_csrf_token}: which requests are checked, where their token
 * is looked for, and the same-origin {@code Referer} that HTTPS requests need under {@code WTF_CSRF_SSL_STRICT}.
 * Exemptions, {@code WTF_CSRF_ENABLED} and {@code WTF_CSRF_CHECK_DEFAULT} decide whether to call it at all; that is
 * the integration's part. Immutable and thread-safe.
 */
public final class CsrfProtect {
    /** Werkzeug 3.1.9's {@code _host_re}: a host it takes from the {@code Host} header, else none. */
    private static final Pattern HOST = Pattern.compile(
            "([a-z0-9.-]+|\\[[a-f0-9]*:[a-f0-9.:]+])(?::([1-9][0-9]{0,4}))?", Pattern.CASE_INSENSITIVE);

    private final CsrfTokens tokens;
    private final String fieldName;
    private final List<String> headers;
    private final Set<String> methods;
    private final boolean sslStrict;

    /**
     * @param tokens   validates the token
     * @param settings the field, headers, methods and {@code WTF_CSRF_SSL_STRICT}
     */
    public CsrfProtect(CsrfTokens tokens, WtfCsrfSettings settings) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.fieldName = settings.fieldName();
        this.headers = settings.headers();
        this.methods = settings.methods();
        this.sslStrict = settings.sslStrict();
    }

    /**
     * @param method a request's method
     * @return whether requests of it are checked ({@code WTF_CSRF_METHODS}, compared as written)
     */
    public boolean checks(String method) {
        return methods.contains(method);
    }

    /**
     * {@code protect()}: nothing for a method that is not checked; else the token must validate, and over HTTPS
     * with {@code WTF_CSRF_SSL_STRICT} the {@code Referer} must be of {@code https://<host>/}'s origin.
     *
     * @param request the request
     * @param session its session
     * @throws CsrfValidationException with Flask-WTF's reason, when the request fails
     */
    public void protect(CsrfRequest request, Map<String, Object> session) {
        if (!checks(request.method())) {
            return;
        }
        tokens.validate(tokenFrom(request), session);
        if (request.isSecure() && sslStrict) {
            String referrer = request.referrer();
            if (referrer == null || referrer.isEmpty()) {
                throw new CsrfValidationException(CsrfReason.REFERRER_MISSING);
            }
            if (!SameOrigin.sameOrigin(referrer, "https://" + request.host() + "/")) {
                throw new CsrfValidationException(CsrfReason.REFERRER_MISMATCH);
            }
        }
    }

    /**
     * {@code _get_csrf_token()}: the form field; else the first non-empty field whose name ends with it (a form
     * with a prefix names it {@code prefix-csrf_token}); else the first non-empty header of
     * {@code WTF_CSRF_HEADERS}.
     *
     * @param request the request
     * @return the token, or {@code null} when it carries none
     */
    public String tokenFrom(CsrfRequest request) {
        Map<String, String> form = request.form();
        String base = form.get(fieldName);
        if (base != null && !base.isEmpty()) {
            return base;
        }
        for (Map.Entry<String, String> field : form.entrySet()) {
            if (field.getKey().endsWith(fieldName) && field.getValue() != null && !field.getValue().isEmpty()) {
                return field.getValue();
            }
        }
        for (String name : headers) {
            String value = request.header(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /**
     * Werkzeug 3.1.9's {@code request.host} ({@code get_host} without trusted hosts): the {@code Host} header, else
     * the server's name and port; the scheme's default port dropped; and the empty string for a value of
     * characters no host has.
     *
     * @param scheme     {@code http} or {@code https} (or {@code ws}, {@code wss})
     * @param hostHeader the {@code Host} header, or {@code null}
     * @param serverName the server's name, used without a {@code Host} header; may be {@code null}
     * @param serverPort the server's port, or {@code null}
     * @return the host, with its port when that is not the default
     */
    public static String requestHost(String scheme, String hostHeader, String serverName, Integer serverPort) {
        String host;
        if (hostHeader != null) {
            host = hostHeader;
        } else if (serverName != null && serverPort != null) {
            host = serverName;
            if (host.contains(":") && host.charAt(0) != '[') {
                host = "[" + host + "]";
            }
            host = host + ":" + serverPort;
        } else {
            return "";
        }
        if (("http".equals(scheme) || "ws".equals(scheme)) && host.endsWith(":80")) {
            host = host.substring(0, host.length() - 3);
        } else if (("https".equals(scheme) || "wss".equals(scheme)) && host.endsWith(":443")) {
            host = host.substring(0, host.length() - 4);
        }
        var m = HOST.matcher(host);
        if (!m.matches()) {
            return "";
        }
        // The pattern allows five digits; Werkzeug refuses those above 65535 the same way.
        if (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535) {
            return "";
        }
        return host;
    }
}
