package dev.flasksession.csrf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link CsrfProtect} reads of a request: Werkzeug's {@code request.method}, {@code request.form},
 * {@code request.headers}, {@code request.is_secure}, {@code request.host} and {@code request.referrer}. The form is
 * asked for only when the method is checked, so an integration may read the body lazily.
 */
public interface CsrfRequest {
    /** @return the method, as the client sent it (upper case for every browser) */
    String method();

    /**
     * @return the form fields of a {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body,
     *     each name with its first value, in the order the names first appear (Werkzeug's {@code MultiDict});
     *     empty for any other body
     */
    Map<String, String> form();

    /**
     * @param name a header name, matched without regard to case
     * @return its value, or {@code null} when the request has none
     */
    String header(String name);

    /** @return whether the request came over HTTPS (Werkzeug's {@code is_secure}) */
    boolean isSecure();

    /** @return the host the request was made to, as {@link CsrfProtect#requestHost} gives it */
    String host();

    /** @return the {@code Referer} header, or {@code null} */
    default String referrer() {
        return header("Referer");
    }

    /**
     * @param method  the method
     * @param form    the form fields, first values in order; copied
     * @param headers looks headers up by name, without regard to case, {@code null} when absent
     * @param secure  whether the request came over HTTPS
     * @param host    the host, as {@link CsrfProtect#requestHost} gives it
     * @return a request of these parts
     */
    static CsrfRequest of(String method, Map<String, String> form, Function<String, String> headers, boolean secure,
                          String host) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(host, "host");
        Map<String, String> fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(form));
        return new CsrfRequest() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public Map<String, String> form() {
                return fields;
            }

            @Override
            public String header(String name) {
                return headers.apply(name);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String host() {
                return host;
            }
        };
    }
}
