package dev.flasksession.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a cookie the way a Flask app's {@code request.cookies.get(name)} does in Werkzeug 3.1: the {@code Cookie}
 * headers joined with {@code ";"}, split into pairs by {@code werkzeug.sansio.http._cookie_re}, and the first pair
 * under that name wins. Agreeing with Werkzeug on which bytes are the session is the point: a parser that splits
 * first would take a {@code session=} hidden inside another cookie's quoted value for the session.
 *
 * <p>The regex is
 * <pre>{@code
 * ([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*      (re.ASCII, applied with findall to header + ";")
 * }</pre>
 * and the scan below reproduces its matches by hand rather than through {@link java.util.regex}: Java recurses once
 * per repetition of {@code (?:[^\\"]|\\.)*} (a stack overflow on a long quoted value), and findall's retry after a
 * failed match at every later position is quadratic on hostile headers. Each character is examined a bounded number
 * of times.
 */
final class CookieHeaders {
    private CookieHeaders() {
    }

    /**
     * @param headers the raw {@code Cookie} header values, as the server decoded them (ISO-8859-1 for the bytes,
     *                like a WSGI environ)
     * @param name    a cookie name
     * @return the first value sent under that name, unquoted and unescaped as Werkzeug does
     */
    static Optional<String> find(List<String> headers, String name) {
        if (headers == null || name == null || name.isEmpty()) {
            return Optional.empty();
        }
        // Werkzeug's own ";".join(headers.getlist("Cookie")), empty headers included: a quote left open in one
        // header spans into the next, and HTTP/2's split cookie headers parse as the one header they came from.
        String joined = String.join(";", headers.stream().filter(Objects::nonNull).toList());
        return joined.isEmpty() ? Optional.empty() : new Scan(joined + ";").find(name);
    }

    /** One pass of {@code _cookie_re.findall} over a header that ends with {@code ;}. */
    private static final class Scan {
        private final String s;
        /** The unquoted value last searched for: its {@code ;}, where its value ends, and its last newline. */
        private int semicolon = -1;
        private int valueEnd;
        private int lastNewline;

        Scan(String s) {
            this.s = s;
        }

        Optional<String> find(String name) {
            int p = 0;
            while (p < s.length()) {
                int e = p;
                while (s.charAt(e) != '=' && s.charAt(e) != ';') {
                    e++;
                }
                if (s.charAt(e) == ';') {
                    // A name without "=": Werkzeug keeps it, with an empty value.
                    if (isName(p, e, name)) {
                        return Optional.of("");
                    }
                    p = skipSpace(e + 1);
                    continue;
                }
                int v = skipSpace(e + 1);
                int end = quotedEnd(v);
                if (end < 0) {
                    end = unquotedEnd(v);
                }
                if (end < 0) {
                    // The regex fails at p and, with the same "=" ahead, at every start up to it: findall's next
                    // match begins after the "=".
                    p = e + 1;
                    continue;
                }
                if (isName(p, e, name)) {
                    return Optional.of(value(v, end));
                }
                p = skipSpace(skipSpace(end) + 1);
            }
            return Optional.empty();
        }

        /** {@code "(?:[^\\"]|\\.)*"} at v, kept only when {@code \s*;} follows; else -1 and the lazy branch runs. */
        private int quotedEnd(int v) {
            if (s.charAt(v) != '"') {
                return -1;
            }
            for (int i = v + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    return s.charAt(skipSpace(i + 1)) == ';' ? i + 1 : -1;
                }
                if (c == '\\') {
                    // Python's "." matches anything but "\n", so a backslash before a newline ends the match.
                    if (i + 1 >= s.length() || s.charAt(i + 1) == '\n') {
                        return -1;
                    }
                    i++;
                }
            }
            return -1;
        }

        /**
         * {@code .*?} at v: up to the spaces before the next {@code ;}, or -1 when a newline comes first. After a
         * failure the scan resumes before that {@code ;}, so the search is kept for the next call.
         */
        private int unquotedEnd(int v) {
            if (v > semicolon) {
                semicolon = s.indexOf(';', v);
                valueEnd = semicolon;
                while (valueEnd > v && isRegexSpace(s.charAt(valueEnd - 1))) {
                    valueEnd--;
                }
                lastNewline = -1;
                for (int i = v; i < valueEnd; i++) {
                    if (s.charAt(i) == '\n') {
                        lastNewline = i;
                    }
                }
            }
            return lastNewline >= v ? -1 : Math.max(valueEnd, v);
        }

        private boolean isName(int start, int end, String name) {
            return strip(start, end).equals(name);
        }

        private String value(int start, int end) {
            String value = strip(start, end);
            if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                return unslash(value.substring(1, value.length() - 1));
            }
            return value;
        }

        /** Python's {@code str.strip()}, as Werkzeug applies it to each key and value. */
        private String strip(int start, int end) {
            while (start < end && isPythonSpace(s.charAt(start))) {
                start++;
            }
            while (end > start && isPythonSpace(s.charAt(end - 1))) {
                end--;
            }
            return s.substring(start, end);
        }

        private int skipSpace(int i) {
            while (i < s.length() && isRegexSpace(s.charAt(i))) {
                i++;
            }
            return i;
        }
    }

    /**
     * Werkzeug's {@code _cookie_unslash_re} on the UTF-8 bytes of a quoted value, so an octal escape is one byte,
     * then UTF-8 with replacement characters for what does not decode. A lone surrogate, which Python would refuse
     * to encode, becomes {@code ?}: no server decodes one from the wire.
     */
    private static String unslash(String quoted) {
        byte[] in = quoted.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int o = 0;
        int i = 0;
        while (i < in.length) {
            if (in[i] == '\\' && i + 1 < in.length && in[i + 1] != '\n') {
                if (i + 3 < in.length && isOctal(in[i + 1], '3') && isOctal(in[i + 2], '7') && isOctal(in[i + 3], '7')) {
                    out[o++] = (byte) ((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 + (in[i + 3] - '0'));
                    i += 4;
                } else {
                    out[o++] = in[i + 1];
                    i += 2;
                }
            } else {
                out[o++] = in[i++];
            }
        }
        return decodeUtf8(out, o);
    }

    /**
     * UTF-8 as Python's {@code decode(errors="replace")}: one U+FFFD for each maximal subpart of an ill-formed
     * sequence (Unicode chapter 3, table 3-7). Java's decoder takes an encoded surrogate such as ED A0 80 as one
     * malformed sequence, where Python replaces each of its three bytes.
     */
    private static String decodeUtf8(byte[] b, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int lead = b[i] & 0xff;
            int trailing;
            int codePoint;
            int low = 0x80;
            int high = 0xbf;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            } else if (lead >= 0xc2 && lead <= 0xdf) {
                trailing = 1;
                codePoint = lead & 0x1f;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                trailing = 2;
                codePoint = lead & 0x0f;
                low = lead == 0xe0 ? 0xa0 : low;
                high = lead == 0xed ? 0x9f : high;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                trailing = 3;
                codePoint = lead & 0x07;
                low = lead == 0xf0 ? 0x90 : low;
                high = lead == 0xf4 ? 0x8f : high;
            } else {
                out.append('\ufffd');
                i++;
                continue;
            }
            int j = i + 1;
            while (j - i <= trailing && j < length && (b[j] & 0xff) >= low && (b[j] & 0xff) <= high) {
                codePoint = (codePoint << 6) | (b[j] & 0x3f);
                low = 0x80;
                high = 0xbf;
                j++;
            }
            if (j - i == trailing + 1) {
                out.appendCodePoint(codePoint);
            } else {
                out.append('\ufffd');
            }
            i = j;
        }
        return out.toString();
    }

    private static boolean isOctal(byte b, char max) {
        return b >= '0' && b <= max;
    }

    /** {@code \s} under {@code re.ASCII}, which is also what Java's {@code \s} means. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * Python's {@code str.isspace}, which {@code str.strip()} uses: wider than {@link Character#isWhitespace}, with
     * U+0085 and the no-break spaces, which reach us as ISO-8859-1 characters of the header.
     */
    private static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= ' ') || c == '\u0085' || c == '\u00a0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029'
                || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }
}
