package dev.flasksession.jaxrs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request body kept so that it can be read twice: once here for Werkzeug's {@code request.form} (the fields of an
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body, each name with its first value, in
 * order), and once more, whole and unchanged, by the resource that follows. Up to {@value #IN_MEMORY} bytes stay in
 * memory; a larger body (an upload) goes to a temporary file, deleted when the replayed stream is closed.
 *
 * <p>Limits, as Flask 3.1's defaults: a text field of a multipart body may hold {@value #MAX_FIELD_BYTES} bytes
 * ({@code MAX_FORM_MEMORY_SIZE}) and a multipart body {@value #MAX_PARTS} parts ({@code MAX_FORM_PARTS}). An
 * urlencoded body, which Werkzeug reads whole, may hold {@value #MAX_URLENCODED_BYTES} bytes. Beyond them,
 * {@link TooLargeException}. A body that does not parse (no boundary, a malformed multipart body, an urlencoded body
 * that is not UTF-8) has no fields, as Werkzeug parses forms silently.
 */
final class FormBody {
    static final int IN_MEMORY = 1 << 20;
    static final int MAX_FIELD_BYTES = 500_000;
    static final int MAX_PARTS = 1000;
    static final int MAX_URLENCODED_BYTES = 1 << 20;

    /** The form exceeds a limit: a 413. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** The multipart body does not parse: it has no fields. */
    static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] memory;
    private final Path file;

    private FormBody(byte[] memory, Path file) {
        this.memory = memory;
        this.file = file;
    }

    /**
     * @param mediaType the request's {@code Content-Type}, or {@code null}
     * @return whether Werkzeug parses such a body into {@code request.form}
     */
    static boolean isForm(String mediaType) {
        String type = essence(mediaType);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
    }

    /**
     * @param body the request's stream; read to its end and not closed
     * @return the body, kept
     */
    static FormBody keep(InputStream body) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = body.read(chunk)) != -1) {
                head.write(chunk, 0, n);
                if (head.size() > IN_MEMORY) {
                    Path file = Files.createTempFile("flask-session-form", ".body");
                    try (OutputStream out = Files.newOutputStream(file)) {
                        head.writeTo(out);
                        body.transferTo(out);
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(file);
                        throw e;
                    }
                    return new FormBody(null, file);
                }
            }
            return new FormBody(head.toByteArray(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the whole body again, from its start; closing it deletes a temporary file */
    InputStream replay() {
        if (file == null) {
            return new ByteArrayInputStream(memory);
        }
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a temporary file, when the body will not be replayed. */
    void discard() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file; nothing else to do
            }
        }
    }

    /**
     * @param mediaType the request's {@code Content-Type}
     * @return {@code request.form}: first values by name, in the order the names first appear
     */
    Map<String, String> fields(String mediaType) {
        String type = essence(mediaType);
        if (type.equals("application/x-www-form-urlencoded")) {
            if (file != null || memory.length > MAX_URLENCODED_BYTES) {
                throw new TooLargeException("The form is larger than " + MAX_URLENCODED_BYTES + " bytes.");
            }
            // Werkzeug decodes the body strictly and, failing, parses no form at all.
            try {
                return urlencoded(StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(memory)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                return Map.of();
            }
        }
        if (type.equals("multipart/form-data")) {
            String boundary = parameter(mediaType, "boundary");
            if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
                return Map.of();
            }
            try (InputStream in = file == null ? new ByteArrayInputStream(memory) : Files.newInputStream(file)) {
                return new Multipart(in, boundary).fields();
            } catch (MalformedException e) {
                // Werkzeug parses forms silently: a body it cannot read has no fields (so no token in them).
                return Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of();
    }

    /** Python's {@code parse_qsl(keep_blank_values=True)}: {@code &}-separated, {@code +} a space, UTF-8. */
    static Map<String, String> urlencoded(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Python's {@code unquote_plus}: a {@code %} not followed by two hex digits stays as it is. */
    private static String decode(String text) {
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
                out.append(utf8OrQuoted(bytes.toByteArray()));
                bytes.reset();
            }
            out.append(c == '+' ? ' ' : c);
        }
        out.append(utf8OrQuoted(bytes.toByteArray()));
        return out.toString();
    }

    /** UTF-8, with each byte that is not part of a valid sequence quoted again ({@code werkzeug.url_quote}). */
    private static String utf8OrQuoted(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3
                    : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            int valid = length;
            if (length > 1) {
                int lo = 0x80;
                int hi = 0xbf;
                if (b == 0xe0) {
                    lo = 0xa0;
                } else if (b == 0xed) {
                    hi = 0x9f;
                } else if (b == 0xf0) {
                    lo = 0x90;
                } else if (b == 0xf4) {
                    hi = 0x8f;
                }
                for (int k = 1; k < length; k++) {
                    int next = i + k < bytes.length ? bytes[i + k] & 0xff : -1;
                    if (next < (k == 1 ? lo : 0x80) || next > (k == 1 ? hi : 0xbf)) {
                        valid = 0;
                        // Python's decoder reports the bytes up to the bad one as one error.
                        out.append(quoted(bytes, i, Math.max(1, k)));
                        i += Math.max(1, k);
                        break;
                    }
                }
            }
            if (valid == 0) {
                if (length == 0) {
                    out.append(quoted(bytes, i, 1));
                    i++;
                }
                continue;
            }
            out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
            i += length;
        }
        return out.toString();
    }

    private static String quoted(byte[] bytes, int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            out.append('%').append(String.format("%02X", bytes[i] & 0xff));
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String essence(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** A parameter of a {@code Content-Type} or {@code Content-Disposition}, unquoted. */
    static String parameter(String header, String name) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            int eq = header.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(start, eq).trim();
            int valueStart = eq + 1;
            while (valueStart < header.length() && header.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value;
            int next;
            if (valueStart < header.length() && header.charAt(valueStart) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = valueStart + 1;
                while (j < header.length() && header.charAt(j) != '"') {
                    if (header.charAt(j) == '\\' && j + 1 < header.length()) {
                        j++;
                    }
                    quoted.append(header.charAt(j));
                    j++;
                }
                value = quoted.toString();
                next = header.indexOf(';', j);
            } else {
                next = header.indexOf(';', valueStart);
                value = header.substring(valueStart, next < 0 ? header.length() : next).trim();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }

    /** A streaming {@code multipart/form-data} reader that keeps the text fields and skips the files. */
    private static final class Multipart {
        private final InputStream in;
        private final byte[] delimiter;
        private final int[] failure;

        Multipart(InputStream in, String boundary) {
            this.in = new java.io.BufferedInputStream(in, 64 * 1024);
            this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            this.failure = new int[delimiter.length];
            for (int i = 1, k = 0; i < delimiter.length; i++) {
                while (k > 0 && delimiter[i] != delimiter[k]) {
                    k = failure[k - 1];
                }
                if (delimiter[i] == delimiter[k]) {
                    k++;
                }
                failure[i] = k;
            }
        }

        Map<String, String> fields() throws IOException {
            Map<String, String> out = new LinkedHashMap<>();
            // The body starts with the delimiter without its CRLF; pretend it had one.
            if (!skipTo(new NullSink(), 2)) {
                throw new MalformedException("The multipart form has no parts.");
            }
            int parts = 0;
            while (true) {
                int a = in.read();
                int b = in.read();
                if (a == '-' && b == '-') {
                    return Collections.unmodifiableMap(out);
                }
                if (a != '\r' || b != '\n') {
                    throw new MalformedException("The multipart form is malformed.");
                }
                if (++parts > MAX_PARTS) {
                    throw new TooLargeException("The form has more than " + MAX_PARTS + " parts.");
                }
                String disposition = null;
                String partType = null;
                String line;
                while (!(line = headerLine()).isEmpty()) {
                    int colon = line.indexOf(':');
                    String header = colon > 0 ? line.substring(0, colon).trim() : "";
                    if (header.equalsIgnoreCase("Content-Disposition")) {
                        disposition = line.substring(colon + 1).trim();
                    } else if (header.equalsIgnoreCase("Content-Type")) {
                        partType = line.substring(colon + 1).trim();
                    }
                }
                String name = disposition == null ? null : parameter(disposition, "name");
                boolean isFile = disposition != null && parameter(disposition, "filename") != null;
                if (name == null || isFile) {
                    if (!skipTo(new NullSink(), 0)) {
                        throw new MalformedException("The multipart form ends inside a part.");
                    }
                    continue;
                }
                LimitedSink value = new LimitedSink();
                if (!skipTo(value, 0)) {
                    throw new MalformedException("The multipart form ends inside a part.");
                }
                out.putIfAbsent(name, value.bytes.toString(charset(partType)));
            }
        }

        /**
         * Werkzeug's {@code get_part_charset}: the part's own {@code charset} only from its safe list
         * ({@code ascii}, {@code us-ascii}, {@code utf-8}, {@code iso-8859-1}), else UTF-8.
         */
        private static java.nio.charset.Charset charset(String partType) {
            String name = partType == null ? null : parameter(partType, "charset");
            if (name != null) {
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "ascii", "us-ascii" -> {
                        return StandardCharsets.US_ASCII;
                    }
                    case "iso-8859-1" -> {
                        return StandardCharsets.ISO_8859_1;
                    }
                    default -> {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
            return StandardCharsets.UTF_8;
        }

        private String headerLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.UTF_8);
                }
                line.write(c);
                if (line.size() > 8192) {
                    throw new TooLargeException("A multipart header line is longer than 8192 bytes.");
                }
            }
            throw new MalformedException("The multipart form ends inside a part's headers.");
        }

        /** Copies bytes to {@code sink} up to the next delimiter, which it consumes; {@code matched} are assumed. */
        private boolean skipTo(OutputStream sink, int matched) throws IOException {
            int k = matched;
            int c;
            while ((c = in.read()) != -1) {
                while (k > 0 && c != (delimiter[k] & 0xff)) {
                    int keep = failure[k - 1];
                    sink.write(delimiter, 0, k - keep);
                    k = keep;
                }
                if (c == (delimiter[k] & 0xff)) {
                    k++;
                    if (k == delimiter.length) {
                        // A boundary only when a line break or the closing "--" follows; else it is content.
                        in.mark(2);
                        int a = in.read();
                        int b = in.read();
                        in.reset();
                        if ((a == '\r' && b == '\n') || (a == '-' && b == '-')) {
                            return true;
                        }
                        int keep = failure[k - 1];
                        sink.write(delimiter, 0, k - keep);
                        k = keep;
                    }
                } else {
                    sink.write(c);
                }
            }
            return false;
        }
    }

    private static final class NullSink extends OutputStream {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    private static final class LimitedSink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            check(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check(len);
            bytes.write(b, off, len);
        }

        private void check(int more) {
            if (bytes.size() + more > MAX_FIELD_BYTES) {
                throw new TooLargeException("A form field is larger than " + MAX_FIELD_BYTES + " bytes.");
            }
        }
    }
}
