package dev.flasksession.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import dev.flasksession.json.Markup;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.session.FlaskSession;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * flashes.jsonl, made with the real Flask 3.1.3: {@code flash()} leaves the session Flask leaves, and
 * {@code get_flashed_messages()} returns what Flask returns, from a signed cookie's tuples and Markup and from
 * msgpack's lists and strings.
 */
class FlashesConformanceTest {
    private static final TaggedJson JSON = new TaggedJson();

    private static Stream<Map<String, Object>> rows(String kind) {
        List<Map<String, Object>> rows = Conformance.lines("flashes.jsonl").stream()
                .filter(r -> kind.equals(r.get("kind"))).toList();
        assertTrue(rows.size() >= 5, "too few " + kind + " vectors");
        return rows.stream();
    }

    @SuppressWarnings("unchecked")
    private static FlaskSession session(Object taggedJson) throws Exception {
        return taggedJson == null ? new FlaskSession()
                : new FlaskSession((Map<String, Object>) JSON.loads((String) taggedJson), false);
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> flashLeavesTheSessionFlaskLeaves() {
        return rows("flash").map(row -> DynamicTest.dynamicTest((String) row.get("name"), () -> {
            FlaskSession session = session(row.get("before"));
            Flashes flashes = new Flashes(session);
            for (Map<String, Object> call : (List<Map<String, Object>>) row.get("calls")) {
                String text = (String) call.get("message");
                CharSequence message = Boolean.TRUE.equals(call.get("markup")) ? new Markup(text) : text;
                if (call.get("category") == null) {
                    flashes.flash(message);
                } else {
                    flashes.flash(message, (String) call.get("category"));
                }
            }
            assertEquals(row.get("modified"), session.isModified());
            assertEquals(row.get("after"), JSON.dumps(session.contents()));
        }));
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> consumeReturnsWhatGetFlashedMessagesReturns() {
        return rows("get").map(row -> DynamicTest.dynamicTest((String) row.get("name"), () -> {
            FlaskSession session = session(row.get("before"));
            Flashes flashes = new Flashes(session);
            List<Map<String, Object>> calls = (List<Map<String, Object>>) row.get("calls");
            List<String> results = (List<String>) row.get("results");
            for (int i = 0; i < calls.size(); i++) {
                Map<String, Object> call = calls.get(i);
                List<Object> got = flashes.consume(Boolean.TRUE.equals(call.get("with_categories")),
                        (List<String>) call.get("category_filter"));
                assertEquals(results.get(i), JSON.dumps(got), "call " + i);
            }
            assertEquals(row.get("modified"), session.isModified());
            assertEquals(row.get("after"), JSON.dumps(session.contents()));
        }));
    }
}
