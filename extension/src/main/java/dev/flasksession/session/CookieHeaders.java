package dev.flasksession.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a cookie the way a Flask app's {@code request.cookies.get(name)} does in Werkzeug 3.1.9: the {@code Cookie}
 * headers joined with {@code ";"}, read pair by pair by {@code werkzeug.sansio.http.parse_cookie}, and the first
 * pair under that name wins. Agreeing with Werkzeug on which bytes are the session is the point: a parser that
 * splits first would take a {@code session=} hidden inside another cookie's quoted value for the session, and one
 * that keeps a pair Werkzeug drops would read a different session than the Flask app next to it.
 *
 * <p>{@code parse_cookie} matches {@code _cookie_re} at the current position,
 * <pre>{@code
 * [ \t]*([^ \t=";]+)(?:[ \t]*=[ \t]*("(?:[^\\"]|\\.)*"|[^ \t";]*))?[ \t]*(?:;|\Z)
 * }</pre>
 * and where it does not match, skips to just after the next {@code ;} (from where the failed match began) and tries
 * again. So a key or a bare value holding a space, a tab or a {@code "} spoils its whole segment, which is dropped;
 * nothing is stripped but spaces and tabs around the key, the {@code =} and the value; and a value is unquoted only
 * when it matched the quoted branch.
 *
 * <p>The scan below reproduces that match by hand rather than through {@link java.util.regex}, where Java recurses
 * once per repetition of {@code (?:[^\\"]|\\.)*} (a stack overflow on a long quoted value). Each of the pattern's
 * parts has one way to match, so no backtracking is needed. Each character is examined a bounded number of times:
 * an opening quote follows {@code =} or a blank, never a backslash, so it cannot be an escaped quote inside an
 * earlier quoted value that failed, and quoted values never get scanned twice.
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
        return joined.isEmpty() ? Optional.empty() : new Scan(joined).find(name);
    }

    /** One pass of {@code parse_cookie}'s loop over the joined header. */
    private static final class Scan {
        private final String s;

        Scan(String s) {
            this.s = s;
        }

        Optional<String> find(String name) {
            int pos = 0;
            // At the end of the header the pattern cannot match (a key needs a character) and no ";" is left.
            while (pos < s.length()) {
                int keyStart = skipBlanks(pos);
                int keyEnd = keyStart;
                while (keyEnd < s.length() && isKeyChar(s.charAt(keyEnd))) {
                    keyEnd++;
                }
                int valueStart = -1;
                int valueEnd = -1;
                int pairEnd = skipBlanks(keyEnd);
                if (pairEnd < s.length() && s.charAt(pairEnd) == '=') {
                    valueStart = skipBlanks(pairEnd + 1);
                    valueEnd = valueEnd(valueStart);
                    pairEnd = valueEnd < 0 ? -1 : skipBlanks(valueEnd);
                }
                if (keyEnd == keyStart || pairEnd < 0 || (pairEnd < s.length() && s.charAt(pairEnd) != ';')) {
                    // Werkzeug drops the segment: on from the first ";" after where this match began.
                    int semicolon = s.indexOf(';', pos);
                    if (semicolon < 0) {
                        break;
                    }
                    pos = semicolon + 1;
                    continue;
                }
                if (keyEnd - keyStart == name.length() && s.startsWith(name, keyStart)) {
                    return Optional.of(valueStart < 0 ? "" : value(valueStart, valueEnd));
                }
                pos = pairEnd + 1;
            }
            return Optional.empty();
        }

        /** Where the value at v ends: the quoted branch when it opens with a quote, else the token branch. */
        private int valueEnd(int v) {
            if (v < s.length() && s.charAt(v) == '"') {
                return quotedEnd(v);
            }
            while (v < s.length() && isTokenChar(s.charAt(v))) {
                v++;
            }
            return v;
        }

        /**
         * {@code "(?:[^\\"]|\\.)*"} at v: just after the closing quote, or -1 when the header ends first or a
         * backslash stands before a newline (Python's {@code .} matches anything but {@code \n}). The token branch
         * cannot take a value that opens with a quote, so -1 fails the whole pair.
         */
        private int quotedEnd(int v) {
            for (int i = v + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    if (i + 1 >= s.length() || s.charAt(i + 1) == '\n') {
                        return -1;
                    }
                    i++;
                }
            }
            return -1;
        }

        /** Only a value that matched the quoted branch starts with a quote: the token branch excludes them. */
        private String value(int start, int end) {
            return start < end && s.charAt(start) == '"' ? unslash(s.substring(start + 1, end - 1)) : s.substring(start, end);
        }

        /** {@code [ \t]*}: the only blanks the pattern skips; no other whitespace is trimmed. */
        private int skipBlanks(int i) {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
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

    /** {@code [^ \t=";]}: control characters, newlines and non-ASCII characters are all part of a key. */
    private static boolean isKeyChar(char c) {
        return c != '=' && isTokenChar(c);
    }

    /** {@code [^ \t";]}: a bare value may hold {@code =}, commas and newlines, but no blank or quote. */
    private static boolean isTokenChar(char c) {
        return c != ' ' && c != '\t' && c != '"' && c != ';';
    }
}
