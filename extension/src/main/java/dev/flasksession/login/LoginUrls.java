package dev.flasksession.login;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
     * Flask's {@code request.url}: Werkzeug's {@code get_current_url} made into an IRI ({@code uri_to_iri}), so that
     * {@code next} carries the same text on both sides. Spaces, controls, {@code ?} and {@code #} of the path stay
     * percent-encoded and the rest of it is literal; in the query, only {@code %}-escapes of controls, spaces,
     * {@code %}, {@code &}, {@code =}, {@code +} and {@code #} stay encoded.
     *
     * @param scheme      {@code http} or {@code https}
     * @param host        the {@code Host} the client asked for
     * @param decodedPath the path, percent-escapes decoded (WSGI's {@code PATH_INFO})
     * @param rawQuery    the query as the client sent it, or {@code null}
     * @return the URL as Flask shows it
     */
    public static String requestUrl(String scheme, String host, String decodedPath, String rawQuery) {
        StringBuilder url = new StringBuilder(scheme).append("://").append(host);
        String path = decodedPath == null || decodedPath.isEmpty() ? "/" : decodedPath;
        if (!path.startsWith("/")) {
            url.append('/');
        }
        path.codePoints().forEach(c -> {
            if (c <= 0x20 || c == 0x7F || c == '?' || c == '#') {
                percentEncode(new String(Character.toChars(c)), url);
            } else {
                url.appendCodePoint(c);
            }
        });
        if (rawQuery != null && !rawQuery.isEmpty()) {
            url.append('?').append(unquoteQuery(quoteQuery(rawQuery)));
        }
        return url.toString();
    }

    /** Python's {@code quote(query, safe="!$&'()*+,/:;=?@%")}. */
    private static String quoteQuery(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(c -> {
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.-~!$&'()*+,/:;=?@%".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                percentEncode(new String(Character.toChars(c)), out);
            }
        });
        return out.toString();
    }

    /**
     * Werkzeug's {@code _unquote_query}: runs of escapes that must stay (controls, space, {@code %}, DEL, {@code &},
     * {@code =}, {@code +}, {@code #}) are kept as they are; every other escape is decoded as UTF-8, and bytes that
     * are not UTF-8 are escaped again.
     */
    private static String unquoteQuery(String quoted) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int i = 0;
        while (i < quoted.length()) {
            int b = quoted.charAt(i) == '%' && i + 2 < quoted.length() ? hexByte(quoted, i + 1) : -1;
            if (b >= 0 && !(b <= 0x20 || b == 0x25 || b == 0x7F || b == '&' || b == '=' || b == '+' || b == '#')) {
                pending.write(b);
                i += 3;
                continue;
            }
            flushUtf8(pending, out);
            if (b >= 0) {
                out.append(quoted, i, i + 3);
                i += 3;
            } else {
                out.append(quoted.charAt(i));
                i++;
            }
        }
        flushUtf8(pending, out);
        return out.toString();
    }

    private static int hexByte(String s, int at) {
        if (at + 2 > s.length()) {
            return -1;
        }
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** Python's {@code bytes.decode("utf-8", "werkzeug.url_quote")}: what is not UTF-8 is escaped again. */
    private static void flushUtf8(ByteArrayOutputStream pending, StringBuilder out) {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        while (start < bytes.length) {
            // The longest prefix that decodes; a byte that cannot start one is escaped again.
            int end = bytes.length;
            String decoded = null;
            while (end > start) {
                try {
                    decoded = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
                    break;
                } catch (CharacterCodingException e) {
                    end--;
                }
            }
            if (decoded != null) {
                out.append(decoded);
                start = end;
            } else {
                out.append('%').append(hex(bytes[start] & 0xff));
                start++;
            }
        }
    }

    private static void percentEncode(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(hex(b & 0xff));
        }
    }

    private static String hex(int b) {
        return "" + Character.toUpperCase(Character.forDigit(b >> 4, 16)) + Character.toUpperCase(Character.forDigit(b & 0xf, 16));
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
