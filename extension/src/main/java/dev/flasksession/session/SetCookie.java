package dev.flasksession.session;

import dev.flasksession.config.SameSite;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code Set-Cookie} header, written exactly as Werkzeug's {@code dump_cookie} writes it: attributes in the order
 * Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned, and no {@code Version}. Immutable.
 */
public final class SetCookie {
    /** Werkzeug warns when a header value is larger than this; browsers may drop such cookies. */
    public static final int BROWSER_LIMIT = 4093;

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Pattern NO_QUOTE = Pattern.compile("[\\w!#$%&'()*+\\-./:<=>?@\\[\\]^`{|}~]*");
    private static final String PATH_SAFE = "%!$&'()*+,/:=@";

    private final String name;
    private final String value;
    private final Instant expires;
    private final Long maxAge;
    private final String domain;
    private final String path;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final boolean partitioned;
    private final String headerValue;

    private SetCookie(String name, String value, Instant expires, Long maxAge, String domain, String path,
                      boolean secure, boolean httpOnly, SameSite sameSite, boolean partitioned) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.expires = expires;
        this.maxAge = maxAge;
        this.domain = domain;
        this.path = path;
        this.secure = secure || partitioned;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.partitioned = partitioned;
        this.headerValue = format();
    }

    /**
     * @param name        cookie name
     * @param value       cookie value
     * @param expires     the {@code Expires} time, or {@code null} for a browser-session cookie
     * @param domain      the {@code Domain}, or {@code null}
     * @param path        the {@code Path}, or {@code null}
     * @param secure      {@code Secure}
     * @param httpOnly    {@code HttpOnly}
     * @param sameSite    {@code SameSite}, or {@code null}
     * @param partitioned {@code Partitioned}, which implies {@code Secure} as in Werkzeug
     * @return the cookie
     */
    public static SetCookie of(String name, String value, Instant expires, String domain, String path,
                               boolean secure, boolean httpOnly, SameSite sameSite, boolean partitioned) {
        return new SetCookie(name, value, expires, null, domain, path, secure, httpOnly, sameSite, partitioned);
    }

    /**
     * Werkzeug's {@code delete_cookie}: an empty value that expired at the epoch, with {@code Max-Age=0}.
     *
     * @param name        cookie name
     * @param domain      the domain it was set with, or {@code null}
     * @param path        the path it was set with, or {@code null}
     * @param secure      {@code Secure}
     * @param httpOnly    {@code HttpOnly}
     * @param sameSite    {@code SameSite}, or {@code null}
     * @param partitioned {@code Partitioned}
     * @return the deleting cookie
     */
    public static SetCookie deleting(String name, String domain, String path, boolean secure, boolean httpOnly,
                                     SameSite sameSite, boolean partitioned) {
        return new SetCookie(name, "", Instant.EPOCH, 0L, domain, path, secure, httpOnly, sameSite, partitioned);
    }

    /** @return the cookie name */
    public String name() {
        return name;
    }

    /** @return the cookie's {@code Expires}, if it has one */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** @return the cookie value, unquoted */
    public String value() {
        return value;
    }

    /** @return the header value, as Werkzeug's {@code dump_cookie} */
    public String toHeaderValue() {
        return headerValue;
    }

    private String format() {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 96);
        out.append(name).append('=').append(quote(value));
        if (domain != null && !domain.isEmpty()) {
            out.append("; Domain=").append(normalizeDomain(domain));
        }
        if (expires != null) {
            out.append("; Expires=").append(HTTP_DATE.format(expires));
        }
        if (maxAge != null) {
            out.append("; Max-Age=").append(maxAge);
        }
        if (secure) {
            out.append("; Secure");
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        if (path != null) {
            out.append("; Path=").append(quotePath(path));
        }
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite.attribute());
        }
        if (partitioned) {
            out.append("; Partitioned");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    private static String normalizeDomain(String domain) {
        String host = domain;
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        while (host.startsWith(".")) {
            host = host.substring(1);
        }
        return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    }

    private static String quote(String value) {
        if (NO_QUOTE.matcher(value).matches()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c <= 0x19 || c == ',' || c == ';' || c >= 0x7f) {
                out.append('\\').append(String.format("%03o", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append('"').toString();
    }

    /** Python's {@code urllib.parse.quote(path, safe="%!$&'()*+,/:=@")}. */
    private static String quotePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~';
            if (unreserved || (c < 0x80 && PATH_SAFE.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
