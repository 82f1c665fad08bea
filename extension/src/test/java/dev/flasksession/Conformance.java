package dev.flasksession;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the vectors made with the real Flask, kept in this module's test resources under {@code conformance/} (how
 * they are made: the README there).
 */
public final class Conformance {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Conformance() {
    }

    /**
     * @param file a file name such as {@code securecookie.jsonl}
     * @return one map per line
     */
    public static List<Map<String, Object>> lines(String file) {
        URL resource = Conformance.class.getResource("/conformance/" + file);
        if (resource == null) {
            throw new IllegalStateException("No conformance vectors " + file
                    + " on the test classpath: they belong in extension/src/test/resources/conformance/");
        }
        // Read as a stream: the store modules see these vectors inside the core's test-jar, not as files.
        try (InputStream in = resource.openStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param path a file of one JSON object per line, such as a table kept in the test resources
     * @return one map per line
     */
    public static List<Map<String, Object>> read(Path path) {
        try {
            return parse(Files.readAllLines(path, StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(List<String> lines, Object source) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(MAPPER.readValue(line, Map.class));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No vectors in " + source);
        }
        return out;
    }
}
