package dev.flasksession.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Flask-Login's session identifier, the {@code _id} that session protection compares: {@code _create_identifier}
 * in {@code flask_login/utils.py}, a SHA-512 hex digest of the client's address and User-Agent.
 *
 * <p>Header values are taken as a Servlet container hands them over, which is how WSGI hands them to Flask: each
 * character one byte of the header (ISO-8859-1). A value holding a character beyond U+00FF must have been decoded
 * as UTF-8 by the container, so its UTF-8 bytes are taken as the header's bytes. Both forms then do what Python does
 * with such a string: encode it as UTF-8 again.
 */
public final class SessionIdentifier {
    /** Which Flask-Login's {@code _create_identifier}. */
    public enum Form {
        /**
         * Flask-Login 0.6.3, the current release: {@code sha512(f"{addr}|{ua}")} where {@code addr} is the first
         * {@code X-Forwarded-For} entry (else the remote address) and {@code ua} the User-Agent, each as Python
         * bytes, so what is hashed is their repr ({@code b'127.0.0.1'|b'Mozilla/5.0'}), or {@code None} when absent.
         */
        FLASK_LOGIN_0_6("0.6"),
        /**
         * Flask-Login's main branch (the unreleased 0.7): {@code sha512(f"{remote_addr}|{user_agent}")}, the values
         * as they are, {@code X-Forwarded-For} never read, a missing address {@code None} and a missing User-Agent
         * empty.
         */
        FLASK_LOGIN_0_7("0.7");

        private final String version;

        Form(String version) {
            this.version = version;
        }

        /** @return the value of {@code LOGIN_SESSION_IDENTIFIER} that selects it */
        public String version() {
            return version;
        }
    }

    private SessionIdentifier() {
    }

    /**
     * @param form         which Flask-Login's form
     * @param remoteAddr   the peer's address as the container gives it ({@code REMOTE_ADDR}), or {@code null}
     * @param forwardedFor the {@code X-Forwarded-For} header, all of it (several headers joined with {@code ,}), or
     *                     {@code null} when absent
     * @param userAgent    the {@code User-Agent} header, or {@code null} when absent
     * @return the identifier, 128 lower-case hex digits
     */
    public static String create(Form form, String remoteAddr, String forwardedFor, String userAgent) {
        return sha512Hex(base(form, remoteAddr, forwardedFor, userAgent));
    }

    /**
     * @param form         which Flask-Login's form
     * @param remoteAddr   the peer's address, or {@code null}
     * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
     * @param userAgent    the {@code User-Agent} header, or {@code null}
     * @return the bytes that are hashed, as the text Python builds before encoding it
     */
    public static String base(Form form, String remoteAddr, String forwardedFor, String userAgent) {
        if (form == Form.FLASK_LOGIN_0_7) {
            return (remoteAddr == null ? "None" : wsgi(remoteAddr)) + "|" + (userAgent == null ? "" : wsgi(userAgent));
        }
        String address = forwardedFor != null ? forwardedFor : remoteAddr;
        String addr = address == null ? "None" : bytesRepr(strip(firstEntry(utf8(wsgi(address)))));
        String ua = userAgent == null ? "None" : bytesRepr(utf8(wsgi(userAgent)));
        return addr + "|" + ua;
    }

    /** The header as WSGI's str: one character per byte. */
    private static String wsgi(String header) {
        boolean oneByteEach = header.chars().allMatch(c -> c <= 0xFF);
        return oneByteEach ? header : new String(header.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code value.split(b",")[0]}. */
    private static byte[] firstEntry(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != ',') {
            end++;
        }
        return Arrays.copyOf(value, end);
    }

    /** {@code bytes.strip()}: ASCII white space only, as Python's bytes know no other. */
    private static byte[] strip(byte[] value) {
        int start = 0;
        int end = value.length;
        while (start < end && isSpace(value[start])) {
            start++;
        }
        while (end > start && isSpace(value[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(value, start, end);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    /**
     * Python's {@code repr(bytes)}: {@code b'...'}, or {@code b"..."} when the value holds {@code '} but no
     * {@code "}; the chosen quote and {@code \} escaped, {@code \t \n \r}, other bytes outside printable ASCII as
     * {@code \xNN}.
     *
     * @param value the bytes
     * @return their repr
     */
    static String bytesRepr(byte[] value) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : value) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length + 3).append('b').append(quote);
        for (byte b : value) {
            int c = b & 0xFF;
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                out.append((char) c);
            }
        }
        return out.append(quote).toString();
    }

    private static String sha512Hex(String base) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(utf8(base)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
    }
}
