package dev.flasksession.csrf;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Flask-WTF's {@code same_origin}: two URLs agree on the scheme, host name and port that Python 3.11's
 * {@code urllib.parse.urlparse} reads from them. The parse is Python's, quirks included: an explicit default port
 * ({@code https://host:443/}) is not the same as none, the host name is compared in lower case, and user info is
 * ignored. Where Python raises {@code ValueError} (a bad port, a bad bracketed host; Flask then answers 500), the
 * URLs are taken as not the same origin, so the request is still refused.
 */
public final class SameOrigin {
    private static final String SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
    private static final Pattern IPV_FUTURE = Pattern.compile("v[a-fA-F0-9]+\\..+", Pattern.DOTALL);

    private SameOrigin() {
    }

    /**
     * @param current the URL to check, here the {@code Referer}
     * @param compare the URL it must match, here {@code https://<host>/}
     * @return whether Flask-WTF would find them of the same origin
     */
    public static boolean sameOrigin(String current, String compare) {
        try {
            Url a = Url.parse(current);
            Url b = Url.parse(compare);
            // Python's "and" stops at the first difference, before a port it cannot read would raise.
            return a.scheme.equals(b.scheme) && Objects.equals(a.hostname(), b.hostname())
                    && Objects.equals(a.port(), b.port());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The parts of {@code urlsplit(url)} that {@code same_origin} reads. */
    record Url(String scheme, String netloc) {
        /** {@code urlsplit}, up to the netloc; throws IllegalArgumentException where it raises ValueError. */
        static Url parse(String url) {
            int start = 0;
            while (start < url.length() && url.charAt(start) <= ' ') {
                start++;
            }
            String rest = url.substring(start).replace("\t", "").replace("\r", "").replace("\n", "");
            String scheme = "";
            int colon = rest.indexOf(':');
            if (colon > 0 && isAsciiLetter(rest.charAt(0)) && allSchemeChars(rest.substring(0, colon))) {
                scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
                rest = rest.substring(colon + 1);
            }
            String netloc = "";
            if (rest.startsWith("//")) {
                int end = rest.length();
                for (char delimiter : new char[] {'/', '?', '#'}) {
                    int at = rest.indexOf(delimiter, 2);
                    if (at >= 0) {
                        end = Math.min(end, at);
                    }
                }
                netloc = rest.substring(2, end);
                boolean open = netloc.indexOf('[') >= 0;
                boolean close = netloc.indexOf(']') >= 0;
                if (open != close) {
                    throw new IllegalArgumentException("Invalid IPv6 URL");
                }
                if (open) {
                    String bracketed = netloc.substring(netloc.indexOf('[') + 1);
                    int closing = bracketed.indexOf(']');
                    checkBracketedHost(closing >= 0 ? bracketed.substring(0, closing) : bracketed);
                }
            }
            checkNetloc(netloc);
            return new Url(scheme, netloc);
        }

        private String hostinfo() {
            return netloc.substring(netloc.lastIndexOf('@') + 1);
        }

        /** {@code _hostinfo}: the host and the port text, split as Python splits them. */
        private String[] hostAndPort() {
            String info = hostinfo();
            int open = info.indexOf('[');
            String host;
            String port;
            if (open >= 0) {
                String bracketed = info.substring(open + 1);
                int close = bracketed.indexOf(']');
                host = close >= 0 ? bracketed.substring(0, close) : bracketed;
                String after = close >= 0 ? bracketed.substring(close + 1) : "";
                int c = after.indexOf(':');
                port = c >= 0 ? after.substring(c + 1) : "";
            } else {
                int c = info.indexOf(':');
                host = c >= 0 ? info.substring(0, c) : info;
                port = c >= 0 ? info.substring(c + 1) : "";
            }
            return new String[] {host, port.isEmpty() ? null : port};
        }

        /** @return {@code hostname}: lower case but for an IPv6 zone, {@code null} when empty */
        String hostname() {
            String host = hostAndPort()[0];
            if (host.isEmpty()) {
                return null;
            }
            int zone = host.indexOf('%');
            return zone < 0 ? host.toLowerCase(Locale.ROOT)
                    : host.substring(0, zone).toLowerCase(Locale.ROOT) + host.substring(zone);
        }

        /** @return {@code port}, {@code null} when none; throws where Python raises ValueError */
        Integer port() {
            String port = hostAndPort()[1];
            if (port == null) {
                return null;
            }
            for (int i = 0; i < port.length(); i++) {
                if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                    throw new IllegalArgumentException("Port could not be cast to integer value");
                }
            }
            String digits = port.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                throw new IllegalArgumentException("Port out of range 0-65535");
            }
            return Integer.parseInt(digits);
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean allSchemeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (SCHEME_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code _checknetloc}: no character that NFKC turns into a URL delimiter. */
    private static void checkNetloc(String netloc) {
        if (netloc.isEmpty() || netloc.chars().allMatch(c -> c < 0x80)) {
            return;
        }
        String n = netloc.replace("@", "").replace(":", "").replace("#", "").replace("?", "");
        String normalized = Normalizer.normalize(n, Normalizer.Form.NFKC);
        if (n.equals(normalized)) {
            return;
        }
        for (char c : "/?#@:".toCharArray()) {
            if (normalized.indexOf(c) >= 0) {
                throw new IllegalArgumentException("netloc contains invalid characters under NFKC normalization");
            }
        }
    }

    /** {@code _check_bracketed_host}: an IPvFuture, or an IPv6 address as Python's {@code ipaddress} reads it. */
    private static void checkBracketedHost(String host) {
        if (host.startsWith("v")) {
            if (!IPV_FUTURE.matcher(host).matches()) {
                throw new IllegalArgumentException("IPvFuture address is invalid");
            }
            return;
        }
        if (isIpv4(host)) {
            throw new IllegalArgumentException("An IPv4 address cannot be in brackets");
        }
        if (!isIpv6(host)) {
            throw new IllegalArgumentException("does not appear to be an IPv4 or IPv6 address");
        }
    }

    /** {@code IPv4Address(text)}: four decimal octets, no leading zeros, each at most 255. */
    static boolean isIpv4(String text) {
        if (text.isEmpty() || text.indexOf('/') >= 0) {
            return false;
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code IPv6Address(text)}, scope id included, following {@code _BaseV6._ip_int_from_string}. */
    static boolean isIpv6(String text) {
        if (text.indexOf('/') >= 0) {
            return false;
        }
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            String scope = text.substring(percent + 1);
            if (scope.isEmpty() || scope.indexOf('%') >= 0) {
                return false;
            }
            address = text.substring(0, percent);
        }
        if (address.isEmpty()) {
            return false;
        }
        java.util.List<String> parts = new java.util.ArrayList<>(java.util.List.of(address.split(":", -1)));
        if (parts.size() < 3) {
            return false;
        }
        if (parts.get(parts.size() - 1).indexOf('.') >= 0) {
            String v4 = parts.remove(parts.size() - 1);
            if (!isIpv4(v4)) {
                return false;
            }
            parts.add("0");
            parts.add("0");
        }
        if (parts.size() > 9) {
            return false;
        }
        int skip = -1;
        for (int i = 1; i < parts.size() - 1; i++) {
            if (parts.get(i).isEmpty()) {
                if (skip >= 0) {
                    return false;
                }
                skip = i;
            }
        }
        int hi;
        int lo;
        if (skip >= 0) {
            hi = skip;
            lo = parts.size() - skip - 1;
            if (parts.get(0).isEmpty() && --hi != 0) {
                return false;
            }
            if (parts.get(parts.size() - 1).isEmpty() && --lo != 0) {
                return false;
            }
            if (8 - (hi + lo) < 1) {
                return false;
            }
        } else {
            if (parts.size() != 8 || parts.get(0).isEmpty() || parts.get(parts.size() - 1).isEmpty()) {
                return false;
            }
            hi = parts.size();
            lo = 0;
        }
        for (int i = 0; i < hi; i++) {
            if (!isHextet(parts.get(i))) {
                return false;
            }
        }
        for (int i = parts.size() - lo; i < parts.size(); i++) {
            if (!isHextet(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHextet(String part) {
        return !part.isEmpty() && part.length() <= 4
                && part.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
