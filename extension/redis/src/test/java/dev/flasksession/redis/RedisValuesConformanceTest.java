package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flasksession.store.Msgpack;
import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.SessionDataException;
import dev.flasksession.Conformance;
import dev.flasksession.json.TaggedJson;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RedisValuesConformanceTest {
    private final TaggedJson tagged = new TaggedJson();

    @TestFactory
    Stream<DynamicTest> flaskSessionBytesDecodeAndEncodeExactly() {
        return Conformance.lines("flask-session-values.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                v.get("name") + "/" + v.get("format"), () -> {
                    SerializationFormat format = SerializationFormat.valueOf(((String) v.get("format")).toUpperCase(java.util.Locale.ROOT));
                    byte[] stored = HexFormat.of().parseHex((String) v.get("value_hex"));

                    Map<String, Object> decoded = format.decode(stored);
                    assertEquals(v.get("python_decodes_to_tagged_json"), tagged.dumps(decoded), "what Python reads back");

                    // Our Java types for the data Flask-Session was given, in the order Python inserted the keys.
                    Object given = tagged.loads((String) v.get("encoded_from_tagged_json"));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ordered = (Map<String, Object>) inPythonOrder(given, decoded);
                    assertArrayEquals(stored, format.encode(ordered), "the same bytes as msgspec");
                }));
    }

    /** Maps take the key order of what Python stored; datetimes the microseconds the tagged JSON dropped. */
    private static Object inPythonOrder(Object given, Object stored) {
        if (given instanceof Map<?, ?> g && stored instanceof Map<?, ?> st) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object key : st.keySet()) {
                out.put((String) key, inPythonOrder(g.get(key), st.get(key)));
            }
            return out;
        }
        if (given instanceof List<?> g && stored instanceof List<?> st && g.size() == st.size()) {
            List<Object> out = new java.util.ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                out.add(inPythonOrder(g.get(i), st.get(i)));
            }
            return given instanceof dev.flasksession.json.Tuple ? dev.flasksession.json.Tuple.copyOf(out) : out;
        }
        if (given instanceof Instant) {
            return stored instanceof Instant i ? i : Instant.parse((String) stored);
        }
        return given;
    }

    @Test
    void eitherFormatIsRead() throws Exception {
        Map<String, Object> data = Map.of("user_id", 42);
        assertEquals(data, SerializationFormat.MSGPACK.decode(SerializationFormat.JSON.encode(data)));
        assertEquals(data, SerializationFormat.JSON.decode(SerializationFormat.MSGPACK.encode(data)));
    }

    @Test
    void pickleIsNeverRead() {
        for (String hex : List.of("80049510000000000000007d948c07757365725f6964944b01732e",
                "80027d71005807000000757365725f696471014b01732e")) {
            byte[] pickled = HexFormat.of().parseHex(hex);
            assertThrows(SessionDataException.class, () -> SerializationFormat.MSGPACK.decode(pickled));
            assertThrows(SessionDataException.class, () -> SerializationFormat.JSON.decode(pickled));
        }
    }

    @Test
    void integersUseMsgspecsSmallestForms() throws Exception {
        // msgspec 0.22: Encoder().encode([255, 256, 65535, 65536, 2**32, -1, -32, -33, -128, -129, -32768, -32769, 2**63])
        List<Object> values = List.of(255, 256, 65535, 65536, 1L << 32, -1, -32, -33, -128, -129, -32768, -32769,
                new java.math.BigInteger("9223372036854775808"));
        String expected = "9dccffcd0100cdffffce00010000cf0000000100000000ffe0d0dfd080d1ff7fd18000d2ffff7fffcf8000000000000000";
        assertEquals(expected, HexFormat.of().formatHex(Msgpack.encode(values)));
        assertEquals(values.toString(), Msgpack.decode(HexFormat.of().parseHex(expected)).toString());
    }

    @Test
    void timestampsInAllThreeSizes() throws Exception {
        // msgspec 0.22 for 2025-07-04 12:30:45Z, 2600-07-04 12:30:45Z and 1960-07-04 12:30:45Z
        Map<String, String> cases = Map.of(
                "2025-07-04T12:30:45Z", "81a26474d6ff6867c975",
                "2600-07-04T12:30:45Z", "81a26474c70cff0000000000000004a1f1b675",
                "1960-07-04T12:30:45Z", "81a26474c70cff00000000ffffffffee249df5");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Map<String, Object> m = Map.of("dt", Instant.parse(c.getKey()));
            assertEquals(c.getValue(), HexFormat.of().formatHex(Msgpack.encode(m)));
            assertEquals(m, Msgpack.decode(HexFormat.of().parseHex(c.getValue())));
        }
    }

    @Test
    void timestampsPythonCannotHoldAreBadDataNotErrors() {
        // seconds far beyond year 9999; nanoseconds of a full second; a 12-byte timestamp beyond Instant's own range
        for (String hex : List.of("81a26474c70cff000000007fffffffffffffff", "81a26474d7ff" + "ee6b2800" + "00000000",
                "81a26474c70cff00000000ffffffffffffffff".replace("ffffffffffffffff", "8000000000000000"))) {
            assertThrows(SessionDataException.class, () -> Msgpack.decode(HexFormat.of().parseHex(hex)), hex);
            assertThrows(SessionDataException.class, () -> SerializationFormat.MSGPACK.decode(HexFormat.of().parseHex(hex)), hex);
        }
    }

    @Test
    void truncatedOrTrailingDataIsRefused() {
        for (String hex : List.of("82a16e", "81a16e01ff", "dbffffffff", "c70cff00", "81a16ec1")) {
            assertThrows(SessionDataException.class, () -> Msgpack.decode(HexFormat.of().parseHex(hex)), hex);
        }
    }
}
