package dev.flasksession.store;

import dev.flasksession.json.FloatFormat;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.Markup;
import dev.flasksession.json.PythonJson;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON exactly as msgspec 0.22's encoder writes it for Flask-Session: compact, keys in insertion order, UTF-8 text
 * unescaped, floats in msgspec's shortest form, bytes as base64, datetimes as RFC 3339 strings and UUIDs in their
 * dashed form. Reading gives what Python reads back: those types come back as strings.
 */
public final class MsgspecJson {
    private static final PythonJson READER = PythonJson.strict();

    private MsgspecJson() {
    }

    /**
     * @param value a value tree (the types {@link Msgpack} takes)
     * @return its JSON bytes, UTF-8
     */
    public static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(FloatFormat.msgspec(((Number) v).doubleValue()));
        } else if (v instanceof String || v instanceof Markup || v instanceof UUID) {
            string(v.toString(), out);
        } else if (v instanceof byte[] bytes) {
            string(Base64.getEncoder().encodeToString(bytes), out);
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("Session keys must be strings, not " + e.getKey());
                }
                out.append(first ? "" : ",");
                first = false;
                string(key, out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (v instanceof Object[] array) {
            write(Arrays.asList(array), out);
        } else if (v instanceof LocalDateTime naive) {
            string(isoDateTime(naive), out);
        } else {
            Instant instant = Msgpack.instant(v);
            if (instant == null) {
                throw new IllegalArgumentException("Object of type " + v.getClass().getName() + " is not JSON serializable");
            }
            string(isoDateTime(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC)) + "Z", out);
        }
    }

    /** Python's {@code isoformat}: microseconds only when there are some, always six digits. */
    private static String isoDateTime(LocalDateTime t) {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + String.format(".%06d", micros);
    }

    private static void string(String s, StringBuilder out) {
        PythonJson.appendString(s, out, false);
    }

    /**
     * @param data UTF-8 JSON
     * @return the value, as Python's msgspec decoder gives it
     * @throws SessionDataException when the bytes are not one valid JSON value
     */
    public static Object decode(byte[] data) throws SessionDataException {
        try {
            return READER.read(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString());
        } catch (JsonDecodeException | CharacterCodingException e) {
            throw new SessionDataException("Not JSON: " + e.getMessage());
        }
    }
}
