package dev.flasksession.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flasksession.Conformance;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class TaggedJsonConformanceTest {
    private final TaggedJson json = new TaggedJson();

    @TestFactory
    Stream<DynamicTest> everyVectorRoundTripsByteForByte() {
        return Conformance.lines("tagged-json.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                (String) v.get("name"), () -> {
                    String text = (String) v.get("tagged_json");
                    assertEquals(text, json.dumps(json.loads(text)));
                }));
    }

    @TestFactory
    Stream<DynamicTest> sessionValuesVectorsRoundTrip() {
        return Conformance.lines("flask-session-values.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                v.get("name") + "/" + v.get("format"), () -> {
                    for (String field : new String[] {"encoded_from_tagged_json", "python_decodes_to_tagged_json"}) {
                        String text = (String) v.get(field);
                        assertEquals(text, json.dumps(json.loads(text)), field);
                    }
                }));
    }

    static Map<String, Object> asMap(Object o) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        return m;
    }
}
