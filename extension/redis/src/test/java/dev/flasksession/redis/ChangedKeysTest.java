package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.SessionDataException;
import dev.flasksession.json.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SerializationFormat#changedKeys}: what a save must write, key by key, compared as the store holds values. */
class ChangedKeysTest {
    private static Map<String, Object> session(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void aValueReadFromTheOtherFormatIsNoChange() throws SessionDataException {
        Map<String, Object> given = session("pair", Tuple.of(1, 2), "raw", "hi".getBytes(StandardCharsets.UTF_8),
                "cart", Map.of("qty", 2.5), "_permanent", true);
        byte[] json = SerializationFormat.JSON.encode(given);
        Map<String, Object> opened = SerializationFormat.MSGPACK.decode(json);
        assertEquals(Set.of(), SerializationFormat.MSGPACK.changedKeys(json, opened), "JSON read where msgpack is written");
        byte[] msgpack = SerializationFormat.MSGPACK.encode(given);
        assertEquals(Set.of(), SerializationFormat.JSON.changedKeys(msgpack, SerializationFormat.JSON.decode(msgpack)));
    }

    @Test
    void changesInsideValuesAndRemovedKeysAreNamedAndNothingElse() throws SessionDataException {
        byte[] stored = SerializationFormat.MSGPACK.encode(session("cart", List.of("a"), "seen", 1, "gone", "x"));
        Map<String, Object> now = SerializationFormat.MSGPACK.decode(stored);
        @SuppressWarnings("unchecked")
        List<Object> cart = new ArrayList<>((List<Object>) now.get("cart"));
        cart.add("b");
        now.put("cart", cart);
        now.remove("gone");
        now.put("new", 0);
        assertEquals(Set.of("cart", "gone", "new"), SerializationFormat.MSGPACK.changedKeys(stored, now));
    }
}
