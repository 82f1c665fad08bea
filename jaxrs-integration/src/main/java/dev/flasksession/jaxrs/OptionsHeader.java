package dev.flasksession.jaxrs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Werkzeug 3.1.9's {@code parse_options_header}, for {@code Content-Type} and {@code Content-Disposition}: the
 * parameters by lower-case name, the last of a name winning, quoted values unescaped ({@code \"} and the HTML
 * standard's {@code %22}), RFC 2231 {@code name*=charset''value} decoded for ASCII, UTF-8 and ISO-8859-1, and
 * continuations {@code name*0}, {@code name*1} joined in the order they come.
 */
final class OptionsHeader {
    private static final Pattern KEY = Pattern.compile("([\\w!#$%&'*+\\-.^`|~]+)=");
    private static final Pattern MARK = Pattern.compile("(?:\\*(\\d+))?(\\*)?$");
    private static final Pattern TOKEN = Pattern.compile("[\\w!#$%&'*+\\-.^`|~]+");
    private static final Pattern CHARSET_VALUE = Pattern.compile(
            "([\\w!#$%&*+\\-.^`|~]*)'[\\w!#$%&*+\\-.^`|~]*'([\\w!#$%&'*+\\-.^`|~]+)$");
    private static final Pattern DELIMITER = Pattern.compile(";[ \\t]*");
    private static final Pattern UNSLASH = Pattern.compile("\\\\(.)", Pattern.DOTALL);

    private OptionsHeader() {
    }

    /** @return the value before the first {@code ;}, stripped of spaces and tabs */
    static String value(String header) {
        int semi = header.indexOf(';');
        return strip(semi < 0 ? header : header.substring(0, semi));
    }

    /** @return the parameters, by lower-case name */
    static Map<String, String> parameters(String header) {
        int semi = header.indexOf(';');
        String value = strip(semi < 0 ? header : header.substring(0, semi));
        String rest = semi < 0 ? "" : strip(header.substring(semi + 1));
        Map<String, String> options = new LinkedHashMap<>();
        if (value.isEmpty() || rest.isEmpty()) {
            return options;
        }
        List<String[]> parts = new ArrayList<>();
        int pos = 0;
        int length = rest.length();
        while (pos < length) {
            Matcher key = KEY.matcher(rest).region(pos, length);
            if (key.lookingAt()) {
                String name = key.group(1).toLowerCase(Locale.ROOT);
                pos = key.end();
                Matcher token = TOKEN.matcher(rest).region(pos, length);
                if (token.lookingAt()) {
                    parts.add(new String[] {name, token.group()});
                } else if (rest.startsWith("\"", pos)) {
                    int quote = pos + 1;
                    boolean closed = false;
                    while (quote < length) {
                        if (rest.startsWith("\\\\", quote) || rest.startsWith("\\\"", quote)) {
                            quote += 2;
                        } else if (rest.charAt(quote) == '"') {
                            quote++;
                            parts.add(new String[] {name, rest.substring(pos, quote)});
                            pos = quote;
                            closed = true;
                            break;
                        } else {
                            quote++;
                        }
                    }
                    if (!closed) {
                        break;
                    }
                }
            }
            Matcher delimiter = DELIMITER.matcher(rest);
            if (delimiter.find(pos)) {
                pos = delimiter.end();
            } else {
                break;
            }
        }
        Map<String, List<String>> continuations = new LinkedHashMap<>();
        Map<String, String> continuationEncodings = new LinkedHashMap<>();
        for (String[] part : parts) {
            String name = part[0];
            String v = part[1];
            String encoding = null;
            boolean continued = false;
            boolean charset = false;
            Matcher mark = MARK.matcher(name);
            if (mark.find() && mark.end() - mark.start() > 0) {
                continued = mark.group(1) != null;
                charset = mark.group(2) != null;
                name = name.substring(0, mark.start());
            }
            if (charset) {
                Matcher cv = CHARSET_VALUE.matcher(v);
                if (cv.matches()) {
                    encoding = cv.group(1).toLowerCase(Locale.ROOT);
                    v = cv.group(2);
                }
                if ((encoding == null || encoding.isEmpty()) && continued) {
                    encoding = continuationEncodings.get(name);
                }
                Charset cs = encoding == null ? null : switch (encoding) {
                    case "ascii", "us-ascii" -> StandardCharsets.US_ASCII;
                    case "utf-8" -> StandardCharsets.UTF_8;
                    case "iso-8859-1" -> StandardCharsets.ISO_8859_1;
                    default -> null;
                };
                if (cs != null) {
                    v = unquote(v, cs);
                }
            } else {
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = UNSLASH.matcher(v.substring(1, v.length() - 1)).replaceAll("$1");
                }
                v = v.replace("%22", "\"");
            }
            if (continued) {
                options.remove(name);
                continuations.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                if (encoding != null && !encoding.isEmpty()) {
                    continuationEncodings.put(name, encoding);
                }
            } else {
                continuations.remove(name);
                continuationEncodings.remove(name);
                options.put(name, v);
            }
        }
        continuations.forEach((name, values) -> options.put(name, String.join("", values)));
        return options;
    }

    /** Python's {@code unquote(value, encoding)}: ASCII hex escapes only, invalid bytes replaced. */
    static String unquote(String text, Charset charset) {
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(charset));
                bytes.reset();
            }
            out.append(c);
        }
        out.append(bytes.toString(charset));
        return out.toString();
    }

    /** An ASCII hex digit's value, else -1 (not {@link Character#digit}, which takes full-width digits too). */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
