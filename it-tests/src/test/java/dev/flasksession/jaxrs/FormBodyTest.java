package dev.flasksession.jaxrs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flasksession.json.PythonJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSRF filter's form reader against Werkzeug 3.1.9's {@code request.form} (forms.jsonl, made by
 * conformance_vectors.py from the real Werkzeug), and against Flask 3.1's form limits, on bodies too large to keep
 * as vectors. The body must come back whole for the resource, from memory or from the temporary file.
 */
class FormBodyTest {
    private static final PythonJson JSON = new PythonJson();

    static Stream<Map<?, ?>> vectors() throws Exception {
        Path file = Path.of(System.getProperty("flasksession.conformance.dir"), "forms.jsonl");
        List<Map<?, ?>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add((Map<?, ?>) JSON.read(line));
        }
        return rows.stream();
    }

    private static final String MULTIPART = "multipart/form-data; boundary=B";

    private static FormBody keep(byte[] body, String type) {
        return FormBody.keep(new ByteArrayInputStream(body), type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void readsTheFormAsWerkzeugDoes(Map<?, ?> row) throws Exception {
        byte[] body = ((String) row.get("body_latin1")).getBytes(StandardCharsets.ISO_8859_1);
        String type = (String) row.get("content_type");
        FormBody kept = keep(body, type);
        Map<String, String> expected = new LinkedHashMap<>();
        for (Object pair : (List<?>) row.get("form")) {
            expected.put((String) ((List<?>) pair).get(0), (String) ((List<?>) pair).get(1));
        }
        Map<String, String> form = FormBody.isForm(type) ? kept.fields(type, name -> true) : Map.of();
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(form.entrySet()), row.get("name").toString());
        try (InputStream replay = kept.replay()) {
            assertArrayEquals(body, replay.readAllBytes(), "the resource gets the body whole");
        }
    }

    private static byte[] multipart(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            out.writeBytes(("--B\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1]
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("--B--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void flasksFormLimits() {
        String type = MULTIPART;
        assertEquals(500_000, keep(multipart("a", "x".repeat(500_000)), type).fields(type, n -> true).get("a")
                .length(), "MAX_FORM_MEMORY_SIZE: a field of 500 000 bytes is read");
        assertThrows(FormBody.TooLargeException.class,
                () -> keep(multipart("a", "x".repeat(500_001)), type).fields(type, n -> true));
        assertThrows(FormBody.TooLargeException.class,
                () -> keep(multipart("a", "x".repeat(500_001)), type).fields(type, n -> false),
                "the limit holds for fields that are not kept too");
        String[] parts = new String[2000];
        for (int i = 0; i < 1000; i++) {
            parts[2 * i] = "p" + i;
            parts[2 * i + 1] = "v";
        }
        assertEquals(1000, keep(multipart(parts), type).fields(type, n -> true).size(),
                "MAX_FORM_PARTS: 1000 parts are read");
        assertEquals(Map.of("p7", "v"), keep(multipart(parts), type).fields(type, "p7"::equals),
                "only the wanted fields are kept");
        String[] more = java.util.Arrays.copyOf(parts, 2002);
        more[2000] = "last";
        more[2001] = "v";
        assertThrows(FormBody.TooLargeException.class, () -> keep(multipart(more), type).fields(type, n -> true));
        String form = "application/x-www-form-urlencoded";
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        assertThrows(FormBody.TooLargeException.class, () -> FormBody.keep(endless, form),
                "an urlencoded body is refused as soon as it passes the limit, never spilled to disk");
    }

    @Test
    void aLargeBodyGoesToATemporaryFileThatClosingDeletes() throws Exception {
        byte[] upload = ("--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n"
                + "y".repeat(FormBody.IN_MEMORY * 2) + "\r\n--B\r\nContent-Disposition: form-data; name=\"csrf_token\""
                + "\r\n\r\ntok\r\n--B--\r\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = count(tmp);
        FormBody kept = keep(upload, MULTIPART);
        assertEquals(before + 1, count(tmp), "one temporary file");
        assertEquals(Map.of("csrf_token", "tok"), kept.fields(MULTIPART, n -> true));
        try (InputStream replay = kept.replay()) {
            assertArrayEquals(upload, replay.readAllBytes());
        }
        assertEquals(before, count(tmp), "closing the replayed body deleted it");
        FormBody unread = keep(upload, MULTIPART);
        InputStream never = unread.replay();
        unread.discard();
        assertEquals(before, count(tmp), "the request's end deletes a body nobody read");
        assertThrows(java.io.IOException.class, never::read, "and closes its stream");
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("flask-session-form")).count();
        }
    }
}
