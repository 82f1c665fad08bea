package dev.flasksession.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Flask's {@code TaggedJSONSerializer}: JSON that keeps tuples, bytes, markup, UUIDs and datetimes apart from the
 * plain JSON types by wrapping them in a one-key object whose key is a tag.
 *
 * <table>
 * <caption>Tags and their Java types</caption>
 * <tr><th>tag</th><th>Python</th><th>Java, read</th><th>Java, also written from</th></tr>
 * <tr><td>{@code " t"}</td><td>tuple</td><td>{@link Tuple}</td><td>{@code Object[]}</td></tr>
 * <tr><td>{@code " b"}</td><td>bytes</td><td>{@code byte[]}</td><td></td></tr>
 * <tr><td>{@code " m"}</td><td>Markup</td><td>{@link Markup}</td><td></td></tr>
 * <tr><td>{@code " u"}</td><td>UUID</td><td>{@link UUID}</td><td></td></tr>
 * <tr><td>{@code " d"}</td><td>datetime</td><td>{@link Instant}</td><td>{@link OffsetDateTime},
 * {@link ZonedDateTime}, {@link LocalDateTime} (as UTC), {@link Date}</td></tr>
 * <tr><td>{@code " di"}</td><td>a dict whose only key is a tag</td><td>{@link Map}</td><td></td></tr>
 * </table>
 *
 * <p>Datetimes travel as HTTP dates, so sub-second precision is lost exactly as in Flask. {@link BigDecimal} is
 * written as a string, as Flask's JSON provider writes {@code Decimal}. Immutable and thread-safe.
 */
public final class TaggedJson {
    static final String TAG_DICT = " di";
    static final String TAG_TUPLE = " t";
    static final String TAG_BYTES = " b";
    static final String TAG_MARKUP = " m";
    static final String TAG_UUID = " u";
    static final String TAG_DATETIME = " d";
    private static final Set<String> TAGS = Set.of(TAG_DICT, TAG_TUPLE, TAG_BYTES, TAG_MARKUP, TAG_UUID, TAG_DATETIME);

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final PythonJson json = new PythonJson();

    /**
     * @param value a session value tree
     * @return its tagged JSON text, byte-identical to Flask's {@code session_json_serializer.dumps}
     * @throws IllegalArgumentException for a value of a type that has no JSON form
     */
    public String dumps(Object value) {
        return json.write(tag(value));
    }

    /**
     * @param text tagged JSON text
     * @return the value tree, with tags turned back into their Java types
     * @throws JsonDecodeException for bad JSON or a tag whose value is not of the tag's form
     */
    public Object loads(String text) throws JsonDecodeException {
        return untagScan(json.read(text));
    }

    /**
     * Converts a value into the plain JSON tree Flask would dump, tagging what JSON cannot hold.
     *
     * @param value a session value tree
     * @return a tree of maps, lists, strings, numbers, booleans and nulls
     */
    public Object tag(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                if (TAGS.contains(only.getKey())) {
                    return single(TAG_DICT, single(only.getKey() + "__", tag(only.getValue())));
                }
            }
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), tag(e.getValue()));
            }
            return out;
        }
        if (value instanceof Tuple tuple) {
            return single(TAG_TUPLE, tagAll(tuple));
        }
        if (value instanceof Object[] array) {
            return single(TAG_TUPLE, tagAll(Arrays.asList(array)));
        }
        if (value instanceof List<?> list) {
            return tagAll(list);
        }
        if (value instanceof byte[] bytes) {
            return single(TAG_BYTES, Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Markup markup) {
            return single(TAG_MARKUP, markup.html());
        }
        if (value instanceof UUID uuid) {
            return single(TAG_UUID, uuid.toString().replace("-", ""));
        }
        Instant instant = asInstant(value);
        if (instant != null) {
            return single(TAG_DATETIME, HTTP_DATE.format(instant));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        return value;
    }

    private List<Object> tagAll(List<?> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(tag(item));
        }
        return out;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>(2);
        map.put(key, value);
        return map;
    }

    /**
     * @param value a value that may be a point in time
     * @return it as an {@link Instant} when it is an {@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime},
     *     {@link LocalDateTime} (taken as UTC, as Flask takes naive datetimes) or {@link Date}; else {@code null}
     */
    public static Instant asInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        return null;
    }

    private Object untagScan(Object value) throws JsonDecodeException {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> scanned = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                scanned.put((String) e.getKey(), untagScan(e.getValue()));
            }
            return untag(scanned);
        }
        if (value instanceof List<?> list) {
            List<Object> scanned = new ArrayList<>(list.size());
            for (Object item : list) {
                scanned.add(untagScan(item));
            }
            return scanned;
        }
        return value;
    }

    private Object untag(Map<String, Object> map) throws JsonDecodeException {
        if (map.size() != 1) {
            return map;
        }
        Map.Entry<String, Object> only = map.entrySet().iterator().next();
        String key = only.getKey();
        Object v = only.getValue();
        switch (key) {
            case TAG_DICT: {
                if (!(v instanceof Map<?, ?> inner) || inner.size() != 1) {
                    throw bad(key, "an object with one key");
                }
                Map.Entry<?, ?> e = inner.entrySet().iterator().next();
                String innerKey = (String) e.getKey();
                if (!innerKey.endsWith("__")) {
                    throw bad(key, "a key ending in __");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(innerKey.substring(0, innerKey.length() - 2), e.getValue());
                return out;
            }
            case TAG_TUPLE:
                if (!(v instanceof List<?> items)) {
                    throw bad(key, "a list");
                }
                return Tuple.copyOf(items);
            case TAG_BYTES:
                try {
                    return Base64.getDecoder().decode(requireString(key, v));
                } catch (IllegalArgumentException e) {
                    throw bad(key, "base64 text");
                }
            case TAG_MARKUP:
                return new Markup(requireString(key, v));
            case TAG_UUID:
                return parseUuid(requireString(key, v));
            case TAG_DATETIME:
                try {
                    return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(requireString(key, v)));
                } catch (DateTimeParseException e) {
                    throw bad(key, "an HTTP date");
                }
            default:
                return map;
        }
    }

    private static String requireString(String tag, Object v) throws JsonDecodeException {
        if (v instanceof String s) {
            return s;
        }
        throw bad(tag, "a string");
    }

    /** Python's {@code UUID(str)}: braces, dashes and a {@code urn:uuid:} prefix are ignored; 32 hex digits remain. */
    private static UUID parseUuid(String text) throws JsonDecodeException {
        String hex = text.replace("urn:", "").replace("uuid:", "");
        hex = hex.replaceAll("^\\{+|}+$", "").replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw bad(TAG_UUID, "32 hexadecimal digits");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    private static JsonDecodeException bad(String tag, String expected) {
        return new JsonDecodeException("The value of tag '" + tag + "' must be " + expected);
    }
}
