package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CookieHeadersTest {
    private static final int SIZE = 64 * 1024;

    static List<Map<String, Object>> table() {
        try {
            return Conformance.read(Path.of(CookieHeadersTest.class.getResource("/cookie-headers.jsonl").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> headers(Map<String, Object> row) {
        return row.containsKey("headers") ? (List<String>) row.get("headers") : List.of((String) row.get("header"));
    }

    private static String label(int line, Map<String, Object> row) {
        String shown = String.valueOf(row.containsKey("headers") ? row.get("headers") : row.get("header"));
        shown = shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
        return "line " + line + ": " + row.get("name") + " in " + shown.replace("\n", "\\n").replace("\r", "\\r");
    }

    @TestFactory
    Stream<DynamicTest> everyHeaderGivesWhatWerkzeugGives() {
        List<Map<String, Object>> rows = table();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            tests.add(DynamicTest.dynamicTest(label(i + 1, row), () -> assertEquals(
                    Optional.ofNullable((String) row.get("expected")),
                    CookieHeaders.find(headers(row), (String) row.get("name")))));
        }
        return tests.stream();
    }

    @Test
    void aSessionQuotedInsideAnotherCookieIsNotTheSession() {
        assertEquals(Optional.empty(), CookieHeaders.find(List.of("prefs=\"x;session=tok;y\""), "session"));
        assertEquals(Optional.of(""), CookieHeaders.find(List.of("session; session=abc"), "session"));
    }

    @Test
    void aBadSegmentIsDroppedUpToTheNextSemicolonAndTheNextPairCounts() {
        assertEquals(Optional.of("GOOD"), CookieHeaders.find(List.of("session=a b; session=GOOD"), "session"));
        assertEquals(Optional.of("GOOD"), CookieHeaders.find(List.of("session=\"a;b\" junk; session=GOOD"), "session"));
        assertEquals(Optional.empty(), CookieHeaders.find(List.of("x=a b session=1"), "session"));
    }

    @Test
    void hostileHeadersOf64KbEndWithAnAnswer() {
        String[][] cases = {
            {"a=x\ny=".repeat(SIZE / 6) + "; session=2", "2"},
            {"a=\"x;".repeat(SIZE / 5) + "session=1", "1"},
            {"a=\"" + "\\a".repeat(SIZE / 2) + "; session=1", "1"},
            {"a=\"\\\n".repeat(SIZE / 5) + "; session=1", "1"},
            {"=".repeat(SIZE) + "; session=1", "1"},
            {" =".repeat(SIZE / 2) + "; session=1", "1"},
            {"\n=".repeat(SIZE / 2) + "; session=1", "1"},
            {";".repeat(SIZE) + "session=1", "1"},
            {" ".repeat(SIZE) + "session=1", "1"},
            {"session=\"" + "\\\"".repeat(SIZE / 2) + "\"", "\"".repeat(SIZE / 2)},
            {"session=\"" + "\\".repeat(SIZE) + "; session=1", "1"},
            {"session=\"" + "a;".repeat(SIZE / 2) + "\"", "a;".repeat(SIZE / 2)},
            {"session=\"" + "\\303\\251".repeat(SIZE / 8) + "\"", "\u00e9".repeat(SIZE / 8)},
            {"a b;".repeat(SIZE / 4) + "session=1", "1"},
            {"a=\"x;\"y;".repeat(SIZE / 8) + "session=1", "1"},
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String[] c : cases) {
                Optional<String> found = CookieHeaders.find(List.of(c[0]), "session");
                assertTrue(found.equals(Optional.of(c[1])), () -> "a header starting " + c[0].substring(0, 20)
                        + " gave " + found.map(v -> v.length() > 40 ? v.substring(0, 40) + "..." : v));
            }
        });
    }

    @Test
    void garbageGivesNoCookieNeverAnError() {
        assertEquals(Optional.empty(), CookieHeaders.find(Arrays.asList(null, "x=1"), "session"));
        assertEquals(Optional.of("1"), CookieHeaders.find(Arrays.asList(null, "session=1"), "session"));
        assertEquals(Optional.empty(), CookieHeaders.find(null, "session"));
        assertEquals(Optional.empty(), CookieHeaders.find(List.of("session=1"), null));
        assertEquals(Optional.of("?"), CookieHeaders.find(List.of("session=\"\ud800\""), "session"));
        assertEquals(Optional.of("\ud800"), CookieHeaders.find(List.of("session=\ud800"), "session"));
    }
}
