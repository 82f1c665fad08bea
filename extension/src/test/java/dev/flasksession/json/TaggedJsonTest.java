package dev.flasksession.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaggedJsonTest {
    private final TaggedJson json = new TaggedJson();

    @Test
    void everyTagComesBackAsItsJavaType() throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("t", Tuple.of(1, "two", 3.0));
        in.put("b", "bin".getBytes(StandardCharsets.US_ASCII));
        in.put("m", new Markup("<b>x</b>"));
        in.put("u", UUID.fromString("12345678-1234-5678-1234-567812345678"));
        in.put("d", Instant.parse("2025-07-04T12:30:45Z"));
        in.put("di", Map.of(" t", List.of(1, 2)));
        in.put("big", new BigInteger("1180591620717411303424"));
        in.put("n", null);

        Map<String, Object> out = TaggedJsonConformanceTest.asMap(json.loads(json.dumps(in)));

        assertEquals(Tuple.of(1, "two", 3.0), out.get("t"));
        assertInstanceOf(Tuple.class, out.get("t"));
        assertInstanceOf(Double.class, ((List<?>) out.get("t")).get(2));
        assertArrayEquals("bin".getBytes(StandardCharsets.US_ASCII), (byte[]) out.get("b"));
        assertEquals(new Markup("<b>x</b>"), out.get("m"));
        assertEquals(in.get("u"), out.get("u"));
        assertEquals(in.get("d"), out.get("d"));
        assertEquals(Map.of(" t", List.of(1, 2)), out.get("di"));
        assertInstanceOf(ArrayList.class, TaggedJsonConformanceTest.asMap(out.get("di")).get(" t"));
        assertEquals(in.get("big"), out.get("big"));
        assertEquals(null, out.get("n"));
        assertEquals(true, out.containsKey("n"));
    }

    @Test
    void writesAsFlaskDoes() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("b", 1);
        in.put("a", List.of(Tuple.of("x", 2)));
        in.put("\uD83D\uDE00", "é\u007f");
        in.put("\uFFFF", 1.0e-9);
        assertEquals("{\"a\":[{\" t\":[\"x\",2]}],\"b\":1,\"\\uffff\":1e-09,\"\\ud83d\\ude00\":\"\\u00e9\\u007f\"}",
                json.dumps(in));
    }

    @Test
    void datetimesAreHttpDatesAndLoseSubSeconds() throws Exception {
        assertEquals("{\" d\":\"Thu, 29 Feb 2024 23:59:59 GMT\"}", json.dumps(Instant.parse("2024-02-29T23:59:59.750Z")));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), json.loads("{\" d\":\"Thu, 29 Feb 2024 23:59:59 GMT\"}"));
    }

    @Test
    void badTagValuesAreRefused() {
        for (String bad : List.of("{\" t\":1}", "{\" b\":\"***\"}", "{\" u\":\"xyz\"}", "{\" d\":\"yesterday\"}",
                "{\" di\":{\"a\":1,\"b\":2}}", "{\" di\":{\"a\":1}}", "{\" m\":5}", "{\"a\":", "[1] x", "")) {
            assertThrows(JsonDecodeException.class, () -> json.loads(bad), bad);
        }
    }

    @Test
    void unknownTypesAreNotSerializable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> json.dumps(Map.of("x", new Object())));
        assertEquals(true, e.getMessage().contains("java.lang.Object"));
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("3.0", FloatFormat.python(3.0));
        assertEquals("19.99", FloatFormat.python(19.99));
        assertEquals("1e-09", FloatFormat.python(1e-9));
        assertEquals("0.0001", FloatFormat.python(1e-4));
        assertEquals("1e-05", FloatFormat.python(1e-5));
        assertEquals("1000000000000000.0", FloatFormat.python(1e15));
        assertEquals("1e+16", FloatFormat.python(1e16));
        assertEquals("1.2345e+20", FloatFormat.python(1.2345e20));
        assertEquals("2e+23", FloatFormat.python(2e23));
        assertEquals("-0.0", FloatFormat.python(-0.0));
        assertEquals("0.1", FloatFormat.python(0.1));
        assertEquals("1.7976931348623157e+308", FloatFormat.python(Double.MAX_VALUE));
        assertEquals("5e-324", FloatFormat.python(Double.MIN_VALUE));
        assertEquals("Infinity", FloatFormat.python(Double.POSITIVE_INFINITY));
        assertEquals("NaN", FloatFormat.python(Double.NaN));
    }

    @Test
    void msgspecFloatFormat() {
        // What msgspec 0.22's JSON encoder wrote for the same values.
        double[] in = {1e-3, 1e-4, 1e-5, 1e-6, 1.5e-5, 0.000123, 123456789012345678.0, 1.5e16, 9999999999999998.0,
                1.7976931348623157e308, 1e-9, 1e16, 1e15, 19.99, 3.0, 0.1, 1e22, 5e-324, 123456789.125, -0.0};
        String[] out = {"0.001", "0.0001", "0.00001", "1e-6", "0.000015", "0.000123", "1.2345678901234568e17", "1.5e16",
                "9999999999999998.0", "1.7976931348623157e308", "1e-9", "1e16", "1000000000000000.0", "19.99", "3.0", "0.1",
                "1e22", "5e-324", "123456789.125", "-0.0"};
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i], FloatFormat.msgspec(in[i]), "value #" + i);
        }
        assertEquals("null", FloatFormat.msgspec(Double.NaN));
    }

    @Test
    void numbersReadAsPythonSeesThem() throws Exception {
        PythonJson p = new PythonJson();
        assertEquals(Integer.valueOf(7), p.read("7"));
        assertEquals(Long.valueOf(4611686018427387904L), p.read("4611686018427387904"));
        assertEquals(new BigInteger("1180591620717411303424"), p.read("1180591620717411303424"));
        assertEquals(Double.valueOf(3.0), p.read("3.0"));
        assertEquals(Double.valueOf(Double.NEGATIVE_INFINITY), p.read("-Infinity"));
    }

    @Test
    void integersAsLongAsPythonReadsThemAndNoLonger() throws Exception {
        PythonJson p = new PythonJson();
        String longest = "9".repeat(PythonJson.MAX_INTEGER_DIGITS);
        assertEquals(new BigInteger(longest), p.read(longest));
        assertEquals(new BigInteger("-" + longest), p.read("-" + longest));
        assertEquals(Map.of("n", new BigInteger(longest)), new TaggedJson().loads("{\"n\": " + longest + "}"));
        // Python's int() refuses 4301 digits (sys.get_int_max_str_digits() is 4300), so Flask cannot read it either.
        assertThrows(JsonDecodeException.class, () -> p.read(longest + "9"));
        assertThrows(JsonDecodeException.class, () -> p.read("1".repeat(100_000)));
    }
}
