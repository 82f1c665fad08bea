package dev.flasksession.login;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Flask-Login's {@code login_url} and {@code make_next_param} of {@code utils.py}: where {@code unauthorized()}
 * redirects, with {@code next} set to the page that was asked for, reduced to its path and query when it is on the
 * login view's own host. The query is written as Python's {@code urlencode} writes it ({@code quote_plus}).
 * {@code LOGIN_VIEW} is a URL or path here: Flask's endpoint names have no meaning on this side.
 */
public final class LoginUrls {
    private LoginUrls() {
    }

    /**
     * @param loginView  {@code LOGIN_VIEW}, a path ({@code /login}) or an absolute URL
     * @param currentUrl the URL that was asked for, Flask's {@code request.url}
     * @return the redirect's target, Flask-Login's {@code login_url(login_view, next_url=request.url)}
     */
    public static String loginUrl(String loginView, String currentUrl) {
        Objects.requireNonNull(loginView, "loginView");
        Split base = Split.of(loginView);
        Map<String, Object> query = parseQs(base.query);
        query.put("next", makeNextParam(loginView, currentUrl));
        StringBuilder encoded = new StringBuilder();
        for (Map.Entry<String, Object> e : query.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> list ? list : List.of(e.getValue());
            for (Object v : values) {
                if (!encoded.isEmpty()) {
                    encoded.append('&');
                }
                encoded.append(quotePlus(e.getKey())).append('=').append(quotePlus(String.valueOf(v)));
            }
        }
        return base.with(encoded.toString());
    }

    /**
     * @param loginUrl   the login view's URL
     * @param currentUrl the URL that was asked for
     * @return {@code make_next_param}: the current URL's path and query when the login URL names no other scheme or
     *     host, else the whole current URL
     */
    public static String makeNextParam(String loginUrl, String currentUrl) {
        Split login = Split.of(loginUrl);
        Split current = Split.of(currentUrl);
        if ((login.scheme.isEmpty() || login.scheme.equals(current.scheme))
                && (login.netloc.isEmpty() || login.netloc.equals(current.netloc))) {
            return current.path + (current.query.isEmpty() ? "" : "?" + current.query);
        }
        return currentUrl;
    }

    /** Python's {@code parse_qs(query, keep_blank_values=True)}, keeping the order of first appearance. */
    private static Map<String, Object> parseQs(String query) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unquotePlus(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unquotePlus(pair.substring(eq + 1));
            Object seen = out.get(name);
            if (seen == null) {
                out.put(name, new ArrayList<>(List.of(value)));
            } else {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) seen;
                values.add(value);
            }
        }
        return out;
    }

    private static String unquotePlus(String s) {
        try {
            return URLDecoder.decode(s.replace("%", "%25").replaceAll("%25([0-9A-Fa-f]{2})", "%$1"),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Python's {@code quote_plus}: letters, digits and {@code _.-~} stay, a space becomes {@code +}. */
    static String quotePlus(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Python's {@code urlsplit}, as far as these functions use it. */
    private record Split(String scheme, String netloc, String path, String query, String fragment) {
        static Split of(String url) {
            String rest = url;
            String fragment = "";
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                fragment = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            String scheme = "";
            int colon = rest.indexOf(':');
            if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
                rest = rest.substring(colon + 1);
            }
            String netloc = "";
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                netloc = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
                rest = slash < 0 ? "" : rest.substring(slash);
            }
            return new Split(scheme, netloc, rest, query, fragment);
        }

        String with(String newQuery) {
            StringBuilder out = new StringBuilder();
            if (!scheme.isEmpty()) {
                out.append(scheme).append(':');
            }
            if (!netloc.isEmpty()) {
                out.append("//").append(netloc);
            }
            out.append(path);
            if (!newQuery.isEmpty()) {
                out.append('?').append(newQuery);
            }
            if (!fragment.isEmpty()) {
                out.append('#').append(fragment);
            }
            return out.toString();
        }
    }
}
