package dev.flasksession.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Werkzeug's {@code parse_cookie}, reduced to finding one cookie: lenient, and never failing on garbage. */
final class CookieHeaders {
    private static final Pattern UNSLASH = Pattern.compile("\\\\([0-3][0-7]{2}|.)");

    private CookieHeaders() {
    }

    static Optional<String> find(List<String> headers, String name) {
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                if (pair.substring(0, eq).trim().equals(name)) {
                    return Optional.of(unquote(pair.substring(eq + 1).trim()));
                }
            }
        }
        return Optional.empty();
    }

    /** Werkzeug quotes values that need it and slash-escapes inside the quotes, octal for bytes. */
    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        String inner = value.substring(1, value.length() - 1);
        if (inner.indexOf('\\') < 0) {
            return inner;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Matcher m = UNSLASH.matcher(inner);
        int last = 0;
        while (m.find()) {
            out.writeBytes(inner.substring(last, m.start()).getBytes(StandardCharsets.UTF_8));
            String esc = m.group(1);
            if (esc.length() == 1) {
                out.writeBytes(esc.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(Integer.parseInt(esc, 8));
            }
            last = m.end();
        }
        out.writeBytes(inner.substring(last).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
