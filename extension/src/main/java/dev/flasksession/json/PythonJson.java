package dev.flasksession.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json} module as Flask calls it for the session: {@code json.dumps(obj, separators=(",", ":"),
 * sort_keys=True, ensure_ascii=True)} and {@code json.loads}, byte for byte.
 *
 * <p>Values are the plain JSON types: {@link Map} with {@link String} keys, {@link List}, {@link String},
 * {@link Boolean}, {@code null} and {@link Number}. Reading gives {@link LinkedHashMap} (insertion order; a repeated key
 * keeps its first place and its last value, as in Python), {@link ArrayList}, {@link Integer}, {@link Long} or
 * {@link BigInteger} by size, and {@link Double}. Instances are immutable and thread-safe.
 */
public final class PythonJson {
    /** Orders keys as Python's {@code sorted()} orders {@code str}: by Unicode code point. */
    public static final Comparator<String> CODE_POINT_ORDER = PythonJson::compareCodePoints;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Map.entry refuses null values; this stands in for them while sorting. */
    private static final Object NULL = new Object();

    /**
     * Python's {@code int()} limit ({@code sys.get_int_max_str_digits()}): Flask reads an integer of up to this many
     * digits, and so must this, while anything longer is refused before it costs quadratic time. Jackson applies
     * the same limit to floats, which Python reads at any length; no session holds a float of 4,300 characters.
     */
    public static final int MAX_INTEGER_DIGITS = 4300;

    private static final StreamReadConstraints LIMITS =
            StreamReadConstraints.builder().maxNumberLength(MAX_INTEGER_DIGITS).build();
    private static final JsonFactory PYTHON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(LIMITS)
            .build();
    private static final JsonFactory STRICT = JsonFactory.builder().streamReadConstraints(LIMITS).build();

    private final JsonFactory factory;

    /** Python's {@code json}: {@code NaN}, {@code Infinity} and {@code -Infinity} read as floats. */
    public PythonJson() {
        this(PYTHON);
    }

    private PythonJson(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * @return a reader of strict JSON, which refuses {@code NaN} and {@code Infinity} as msgspec's decoder does:
     *     Flask-Session gets a decode error for such a stored value, and so a new session
     */
    public static PythonJson strict() {
        return new PythonJson(STRICT);
    }

    /**
     * @param value a tree of plain JSON values
     * @return its JSON text exactly as Python's {@code json.dumps} writes it for Flask's session
     * @throws IllegalArgumentException for a value that is not a plain JSON type
     */
    public String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(value, out);
        return out.toString();
    }

    private void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(s, out, true);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(FloatFormat.python(((Number) value).doubleValue()));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Object of type " + value.getClass().getName() + " is not JSON serializable");
        }
    }

    private void writeObject(Map<?, ?> map, StringBuilder out) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("Keys must be strings, not " + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            entries.add(Map.entry(key, e.getValue() == null ? NULL : e.getValue()));
        }
        entries.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(e.getKey(), out, true);
            out.append(':');
            write(e.getValue() == NULL ? null : e.getValue(), out);
        }
        out.append('}');
    }

    /**
     * Appends a JSON string literal, escaping as Python's {@code json} and msgspec both do: {@code "} and {@code \\},
     * the short escapes for {@code \n \r \t \b \f}, other control characters as a lowercase {@code \\uXXXX}.
     *
     * @param s           the text
     * @param out         where to append
     * @param ensureAscii whether everything outside printable ASCII is escaped too (Python's {@code ensure_ascii});
     *                    msgspec writes it as is
     */
    public static void appendString(String s, StringBuilder out, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && (c <= 0x7e || !ensureAscii)) {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * @param text JSON text
     * @return the value, as Python's {@code json.loads} would see it
     * @throws JsonDecodeException when the text is not one valid JSON value
     */
    public Object read(String text) throws JsonDecodeException {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonDecodeException("Expecting value: empty document");
            }
            Object value = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonDecodeException("Extra data after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new JsonDecodeException("Invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new JsonDecodeException("Unreadable JSON", e);
        }
    }

    private Object readValue(JsonParser parser, JsonToken token) throws IOException, JsonDecodeException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, readValue(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(readValue(parser, t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonDecodeException("Unexpected JSON token " + token);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
