package dev.flasksession.jaxrs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body kept so that it can be read twice: once here for Werkzeug's {@code request.form} (the fields of an
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body, each name with its first value, in
 * order), and once more, whole and unchanged, by the resource that follows. Up to {@value #IN_MEMORY} bytes stay in
 * memory; a larger multipart body (an upload) goes to a temporary file, deleted when the replayed stream is closed or
 * the request ends ({@link #discard}).
 *
 * <p>Only the fields the caller wants are kept (the CSRF check wants those whose name ends with its field), so a
 * form of many large fields costs no memory. The multipart parser is Werkzeug 3.1.9's ({@code sansio/multipart.py})
 * over the whole body: its boundary, blank-line and line-break patterns (CRLF, LF or CR), its header parsing, and
 * {@code parse_options_header} for the parameters ({@link OptionsHeader}). Flask 3.1's limits apply: a text field or
 * a part's headers may hold {@value #MAX_FIELD_BYTES} bytes ({@code MAX_FORM_MEMORY_SIZE}) and a body
 * {@value #MAX_PARTS} parts ({@code MAX_FORM_PARTS}); beyond them, {@link TooLargeException}. Werkzeug reads an
 * urlencoded body whole with no limit but {@code MAX_CONTENT_LENGTH}; this reads at most
 * {@value #MAX_URLENCODED_BYTES} bytes of one, never to disk. A body that does not parse (no boundary, a malformed
 * multipart body, an urlencoded body that is not UTF-8) has no fields, as Werkzeug parses forms silently.
 */
final class FormBody {
    static final int IN_MEMORY = 1 << 20;
    static final int MAX_FIELD_BYTES = 500_000;
    static final int MAX_PARTS = 1000;
    static final int MAX_URLENCODED_BYTES = 1 << 20;

    private static final String LINE_BREAK = "(?:\\r\\n|\\n|\\r)";
    private static final Pattern BLANK_LINE = Pattern.compile("(?:\\r\\n\\r\\n|\\r\\r|\\n\\n)");
    private static final Pattern LINE_BREAK_AT = Pattern.compile(LINE_BREAK);
    private static final Pattern HEADER_CONTINUATION = Pattern.compile(LINE_BREAK + "[ \\t]");
    private static final Pattern LINES = Pattern.compile("\\r\\n|\\n|\\r");

    /** The form exceeds a limit: a 413. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Werkzeug's {@code ValueError}: the multipart body does not parse, so the form has no fields. */
    private static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException() {
            super(null, null, false, false);
        }
    }

    private final byte[] memory;
    private final Path file;
    private InputStream replayed;

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
     * @param body      the request's stream; read to its end (or to the limit) and not closed
     * @param mediaType the request's {@code Content-Type}
     * @return the body, kept
     * @throws TooLargeException     for an urlencoded body over {@value #MAX_URLENCODED_BYTES} bytes
     * @throws UncheckedIOException when the body cannot be read (the client went away)
     */
    static FormBody keep(InputStream body, String mediaType) {
        boolean urlencoded = essence(mediaType).equals("application/x-www-form-urlencoded");
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = body.read(chunk)) != -1) {
                head.write(chunk, 0, n);
                if (urlencoded && head.size() > MAX_URLENCODED_BYTES) {
                    throw new TooLargeException("The form is larger than " + MAX_URLENCODED_BYTES + " bytes.");
                }
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
    synchronized InputStream replay() {
        if (file == null) {
            return new ByteArrayInputStream(memory);
        }
        try {
            replayed = new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
            };
            return replayed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the replayed stream and deletes a temporary file, once the request is over. */
    synchronized void discard() {
        if (file == null) {
            return;
        }
        try {
            if (replayed != null) {
                replayed.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; nothing else to do
        }
    }

    /**
     * @param mediaType the request's {@code Content-Type}
     * @param wanted    the field names to keep
     * @return those of {@code request.form}: first values by name, in the order the names first appear
     * @throws TooLargeException past Flask's limits
     */
    Map<String, String> fields(String mediaType, Predicate<String> wanted) {
        String type = essence(mediaType);
        if (type.equals("application/x-www-form-urlencoded")) {
            if (file != null) {
                throw new TooLargeException("The form is larger than " + MAX_URLENCODED_BYTES + " bytes.");
            }
            // Werkzeug decodes the body strictly and, failing, parses no form at all.
            try {
                return urlencoded(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(memory)).toString(),
                        wanted);
            } catch (CharacterCodingException e) {
                return Map.of();
            }
        }
        if (type.equals("multipart/form-data")) {
            String boundary = OptionsHeader.parameters(mediaType).get("boundary");
            if (boundary == null || boundary.isEmpty()) {
                return Map.of();
            }
            try {
                if (file == null) {
                    return multipart(new Latin1(ByteBuffer.wrap(memory)), boundary, wanted);
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    if (channel.size() > Integer.MAX_VALUE) {
                        throw new TooLargeException("The form is larger than " + Integer.MAX_VALUE + " bytes.");
                    }
                    return multipart(new Latin1(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())),
                            boundary, wanted);
                }
            } catch (MalformedException e) {
                return Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of();
    }

    /** Werkzeug's {@code MultipartDecoder} over the whole body, as one chunk followed by its end. */
    private static Map<String, String> multipart(Latin1 data, String boundary, Predicate<String> wanted)
            throws MalformedException {
        if (!boundary.chars().allMatch(c -> c < 0x80)) {
            // Werkzeug encodes the boundary as ASCII, and fails on anything else.
            throw new MalformedException();
        }
        String quoted = Pattern.quote(boundary);
        Pattern preamble = Pattern.compile(LINE_BREAK + "?--" + quoted + "(--[^\\S\\n\\r]*" + LINE_BREAK
                + "?|[^\\S\\n\\r]*" + LINE_BREAK + ")");
        Pattern delimiter = Pattern.compile(LINE_BREAK + "--" + quoted + "(--[^\\S\\n\\r]*" + LINE_BREAK
                + "?|[^\\S\\n\\r]*" + LINE_BREAK + ")");
        int length = data.length();
        Matcher start = preamble.matcher(data);
        if (!start.find()) {
            throw new MalformedException();
        }
        if (start.start() > MAX_FIELD_BYTES) {
            throw new TooLargeException("The form's preamble is larger than " + MAX_FIELD_BYTES + " bytes.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (start.group(1).startsWith("--")) {
            return out;
        }
        int pos = start.end();
        int parts = 0;
        while (true) {
            Matcher blank = BLANK_LINE.matcher(data).region(pos, length);
            if (!blank.find()) {
                throw new MalformedException();
            }
            if (blank.start() - pos > MAX_FIELD_BYTES) {
                throw new TooLargeException("A part's headers are larger than " + MAX_FIELD_BYTES + " bytes.");
            }
            Map<String, String> headers = headers(data, pos, blank.start());
            pos = (blank.start() + blank.end()) / 2;
            String disposition = headers.get("content-disposition");
            if (disposition == null) {
                throw new MalformedException();
            }
            if (++parts > MAX_PARTS) {
                throw new TooLargeException("The form has more than " + MAX_PARTS + " parts.");
            }
            Map<String, String> options = OptionsHeader.parameters(disposition);
            String name = options.get("name");
            boolean isFile = options.containsKey("filename");
            Matcher lineBreak = LINE_BREAK_AT.matcher(data).region(pos, length);
            int dataStart = lineBreak.lookingAt() ? lineBreak.end() : pos;
            Matcher end = delimiter.matcher(data).region(pos, length);
            if (!end.find()) {
                throw new MalformedException();
            }
            int dataEnd = Math.max(dataStart, end.start());
            if (!isFile) {
                if (dataEnd - dataStart > MAX_FIELD_BYTES) {
                    throw new TooLargeException("A form field is larger than " + MAX_FIELD_BYTES + " bytes.");
                }
                // Werkzeug's fields have the name None when it is missing; request.form keeps them under None,
                // which no field name ends with.
                if (name != null && wanted.test(name)) {
                    Charset charset = partCharset(headers.get("content-type"));
                    out.putIfAbsent(name, new String(data.bytes(dataStart, dataEnd), charset));
                }
            }
            if (end.group(1).startsWith("--")) {
                return Collections.unmodifiableMap(out);
            }
            pos = end.end();
        }
    }

    /** Werkzeug's {@code _parse_headers}: continuations joined, one header per line, the first of a name kept. */
    private static Map<String, String> headers(Latin1 data, int from, int to) throws MalformedException {
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data.bytes(from, to))).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : LINES.split(HEADER_CONTINUATION.matcher(raw).replaceAll(" "), -1)) {
            line = stripSpaceTab(line);
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = stripSpaceTab(colon < 0 ? line : line.substring(0, colon)).toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : stripSpaceTab(line.substring(colon + 1));
            headers.putIfAbsent(name, value);
        }
        return headers;
    }

    /**
     * Werkzeug's {@code get_part_charset}: the part's own {@code charset} only from its safe list
     * ({@code ascii}, {@code us-ascii}, {@code utf-8}, {@code iso-8859-1}), else UTF-8; undecodable bytes replaced.
     */
    private static Charset partCharset(String partType) {
        String name = partType == null ? null : OptionsHeader.parameters(partType).get("charset");
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ascii", "us-ascii" -> StandardCharsets.US_ASCII;
            case "iso-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
    }

    /** Python's {@code parse_qsl(keep_blank_values=True)}: {@code &}-separated, {@code +} a space, UTF-8. */
    static Map<String, String> urlencoded(String body, Predicate<String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!wanted.test(name)) {
                continue;
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (wanted.test(name)) {
                out.putIfAbsent(name, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Python's {@code unquote_plus}: a {@code %} not followed by two hex digits stays as it is. */
    private static String decode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && OptionsHeader.hex(text.charAt(i + 1)) >= 0 && OptionsHeader.hex(text.charAt(i + 2)) >= 0) {
                bytes.write(OptionsHeader.hex(text.charAt(i + 1)) * 16 + OptionsHeader.hex(text.charAt(i + 2)));
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

    private static String essence(String mediaType) {
        return mediaType == null ? "" : OptionsHeader.value(mediaType).toLowerCase(Locale.ROOT);
    }

    private static String stripSpaceTab(String s) {
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

    /** The body's bytes as chars, one each, for Werkzeug's byte patterns; no copy, memory or a mapped file. */
    private static final class Latin1 implements CharSequence {
        private final ByteBuffer bytes;
        private final int offset;
        private final int length;

        Latin1(ByteBuffer bytes) {
            this(bytes, 0, bytes.limit());
        }

        private Latin1(ByteBuffer bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes.get(offset + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Latin1(bytes, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(bytes(0, length), StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int from, int to) {
            byte[] out = new byte[to - from];
            bytes.get(offset + from, out);
            return out;
        }
    }
}
