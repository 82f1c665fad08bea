package dev.flasksession.redis;

import dev.flasksession.json.Markup;
import dev.flasksession.json.TaggedJson;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MessagePack exactly as msgspec 0.22 writes and reads it for Flask-Session: the smallest encoding for every
 * integer (unsigned forms for non-negative values), float64 for every float, {@code bin} for bytes, the timestamp
 * extension for datetimes, and maps in insertion order.
 *
 * <p>Java types written: {@link Map} (string keys), {@link List} and arrays (tuples too, which become lists as in
 * Python), {@link String}, {@link Markup} and {@link UUID} (as strings, as msgspec writes them), integers up to
 * 64 bits unsigned, {@link Double}/{@link Float}, {@link Boolean}, {@code null}, {@code byte[]}, and {@link Instant}
 * (also {@link OffsetDateTime}, {@link ZonedDateTime}, {@link Date}) as the timestamp extension; a
 * {@link LocalDateTime} is a naive datetime, which msgspec writes as an ISO string. Read back: {@link LinkedHashMap},
 * {@link ArrayList}, {@link String}, {@link Integer}/{@link Long}/{@link BigInteger} by size, {@link Double},
 * {@link Boolean}, {@code null}, {@code byte[]} and {@link Instant}.
 */
public final class Msgpack {
    private static final int MAX_DEPTH = 512;
    /** {@code datetime(1, 1, 1, tzinfo=utc).timestamp()}: msgspec refuses timestamps before it. */
    private static final long PYTHON_MIN_EPOCH_SECOND = -62_135_596_800L;
    /** {@code datetime(9999, 12, 31, 23, 59, 59, tzinfo=utc).timestamp()}: and after it. */
    private static final long PYTHON_MAX_EPOCH_SECOND = 253_402_300_799L;

    private Msgpack() {
    }

    /**
     * @param value a value tree
     * @return its MessagePack bytes
     * @throws IllegalArgumentException for a value msgspec could not encode either
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(value, out, 0);
        return out.toByteArray();
    }

    private static void write(Object v, ByteArrayOutputStream out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Session data nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            out.write(0xc0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            writeInt(((Number) v).longValue(), out);
        } else if (v instanceof BigInteger big) {
            if (big.bitLength() <= 63) {
                writeInt(big.longValue(), out);
            } else if (big.signum() > 0 && big.bitLength() == 64) {
                out.write(0xcf);
                writeBytes(out, big.longValue(), 8);
            } else {
                throw new IllegalArgumentException("Integer " + big + " is out of msgpack's 64-bit range");
            }
        } else if (v instanceof Double || v instanceof Float) {
            out.write(0xcb);
            writeBytes(out, Double.doubleToLongBits(((Number) v).doubleValue()), 8);
        } else if (v instanceof String || v instanceof Markup || v instanceof UUID) {
            byte[] utf8 = v.toString().getBytes(StandardCharsets.UTF_8);
            int n = utf8.length;
            if (n < 32) {
                out.write(0xa0 | n);
            } else if (n < 0x100) {
                out.write(0xd9);
                out.write(n);
            } else if (n < 0x10000) {
                out.write(0xda);
                writeBytes(out, n, 2);
            } else {
                out.write(0xdb);
                writeBytes(out, n, 4);
            }
            out.writeBytes(utf8);
        } else if (v instanceof byte[] bytes) {
            int n = bytes.length;
            if (n < 0x100) {
                out.write(0xc4);
                out.write(n);
            } else if (n < 0x10000) {
                out.write(0xc5);
                writeBytes(out, n, 2);
            } else {
                out.write(0xc6);
                writeBytes(out, n, 4);
            }
            out.writeBytes(bytes);
        } else if (v instanceof Map<?, ?> map) {
            writeHeader(map.size(), 0x80, 0xde, 0xdf, out);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("Session keys must be strings, not " + e.getKey());
                }
                write(e.getKey(), out, depth + 1);
                write(e.getValue(), out, depth + 1);
            }
        } else if (v instanceof List<?> list) {
            writeHeader(list.size(), 0x90, 0xdc, 0xdd, out);
            for (Object item : list) {
                write(item, out, depth + 1);
            }
        } else if (v instanceof Object[] array) {
            write(List.of(array), out, depth);
        } else if (v instanceof LocalDateTime naive) {
            write(naive.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), out, depth);
        } else {
            Instant instant = instant(v);
            if (instant == null) {
                throw new IllegalArgumentException("Object of type " + v.getClass().getName() + " is not msgpack serializable");
            }
            writeTimestamp(instant, out);
        }
    }

    /** Aware datetimes only: a {@link LocalDateTime} is naive and is handled before this is asked. */
    static Instant instant(Object v) {
        return v instanceof LocalDateTime ? null : TaggedJson.asInstant(v);
    }

    private static void writeInt(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n < 0x80) {
                out.write((int) n);
            } else if (n < 0x100) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n < 0x10000) {
                out.write(0xcd);
                writeBytes(out, n, 2);
            } else if (n < 0x100000000L) {
                out.write(0xce);
                writeBytes(out, n, 4);
            } else {
                out.write(0xcf);
                writeBytes(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) (n & 0xff));
        } else if (n >= Byte.MIN_VALUE) {
            out.write(0xd0);
            writeBytes(out, n, 1);
        } else if (n >= Short.MIN_VALUE) {
            out.write(0xd1);
            writeBytes(out, n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            writeBytes(out, n, 4);
        } else {
            out.write(0xd3);
            writeBytes(out, n, 8);
        }
    }

    /** Python datetimes carry microseconds; anything finer is dropped, as it would be on the Python side. */
    private static void writeTimestamp(Instant instant, ByteArrayOutputStream out) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano() / 1000 * 1000;
        if (nanos == 0 && seconds >= 0 && seconds < 0x100000000L) {
            out.write(0xd6);
            out.write(0xff);
            writeBytes(out, seconds, 4);
        } else if (seconds >= 0 && seconds < (1L << 34)) {
            out.write(0xd7);
            out.write(0xff);
            writeBytes(out, ((long) nanos << 34) | seconds, 8);
        } else {
            out.write(0xc7);
            out.write(12);
            out.write(0xff);
            writeBytes(out, nanos, 4);
            writeBytes(out, seconds, 8);
        }
    }

    private static void writeHeader(int size, int fix, int sixteen, int thirtyTwo, ByteArrayOutputStream out) {
        if (size < 16) {
            out.write(fix | size);
        } else if (size < 0x10000) {
            out.write(sixteen);
            writeBytes(out, size, 2);
        } else {
            out.write(thirtyTwo);
            writeBytes(out, size, 4);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /**
     * @param data MessagePack bytes holding exactly one value
     * @return the value
     * @throws SessionDataException for truncated, trailing or unsupported data
     */
    public static Object decode(byte[] data) throws SessionDataException {
        Reader r = new Reader(data);
        try {
            Object value = r.read(0);
            if (r.pos != data.length) {
                throw new SessionDataException("Trailing bytes after the msgpack value");
            }
            return value;
        } catch (IndexOutOfBoundsException e) {
            throw new SessionDataException("Truncated msgpack data");
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        private int u8() {
            if (pos >= data.length) {
                throw new IndexOutOfBoundsException();
            }
            return data[pos++] & 0xff;
        }

        private long be(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                v = (v << 8) | u8();
            }
            return v;
        }

        private int length(int count) throws SessionDataException {
            long n = be(count);
            if (n > data.length - pos) {
                throw new SessionDataException("msgpack length " + n + " exceeds the data");
            }
            return (int) n;
        }

        Object read(int depth) throws SessionDataException {
            if (depth > MAX_DEPTH) {
                throw new SessionDataException("msgpack data nested deeper than " + MAX_DEPTH + " levels");
            }
            int b = u8();
            if (b <= 0x7f) {
                return b;
            }
            if (b >= 0xe0) {
                return b - 0x100;
            }
            if ((b & 0xf0) == 0x80) {
                return map(b & 0x0f, depth);
            }
            if ((b & 0xf0) == 0x90) {
                return array(b & 0x0f, depth);
            }
            if ((b & 0xe0) == 0xa0) {
                return str(b & 0x1f);
            }
            switch (b) {
                case 0xc0: return null;
                case 0xc2: return Boolean.FALSE;
                case 0xc3: return Boolean.TRUE;
                case 0xc4: return bin(length(1));
                case 0xc5: return bin(length(2));
                case 0xc6: return bin(length(4));
                case 0xca: return (double) Float.intBitsToFloat((int) be(4));
                case 0xcb: return Double.longBitsToDouble(be(8));
                case 0xcc: return (int) be(1);
                case 0xcd: return (int) be(2);
                case 0xce: return narrow(be(4));
                case 0xcf: {
                    long v = be(8);
                    return v >= 0 ? narrow(v) : new BigInteger(Long.toUnsignedString(v));
                }
                case 0xd0: return (int) (byte) be(1);
                case 0xd1: return (int) (short) be(2);
                case 0xd2: return (int) be(4);
                case 0xd3: return narrow(be(8));
                case 0xd9: return str(length(1));
                case 0xda: return str(length(2));
                case 0xdb: return str(length(4));
                case 0xdc: return array((int) be(2), depth);
                case 0xdd: return array(length(4), depth);
                case 0xde: return map((int) be(2), depth);
                case 0xdf: return map(length(4), depth);
                case 0xd6: return ext(4);
                case 0xd7: return ext(8);
                case 0xc7: return ext(length(1));
                default:
                    throw new SessionDataException(String.format("Unsupported msgpack type 0x%02x", b));
            }
        }

        private static Object narrow(long v) {
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        private byte[] bin(int n) {
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }

        private String str(int n) throws SessionDataException {
            if (n > data.length - pos) {
                throw new IndexOutOfBoundsException();
            }
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new SessionDataException("Invalid UTF-8 in a msgpack string");
            }
        }

        private List<Object> array(int n, int depth) throws SessionDataException {
            List<Object> list = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                list.add(read(depth + 1));
            }
            return list;
        }

        private Map<String, Object> map(int n, int depth) throws SessionDataException {
            Map<String, Object> map = new LinkedHashMap<>(Math.min(n, 1024) * 2);
            for (int i = 0; i < n; i++) {
                Object key = read(depth + 1);
                if (!(key instanceof String k)) {
                    throw new SessionDataException("A msgpack map key is not a string: " + key);
                }
                map.put(k, read(depth + 1));
            }
            return map;
        }

        /** msgspec's checks: the nanoseconds below one second, and the instant within Python's datetime range. */
        private static Instant timestamp(long seconds, long nanos) throws SessionDataException {
            if (nanos >= 1_000_000_000L || seconds < PYTHON_MIN_EPOCH_SECOND || seconds > PYTHON_MAX_EPOCH_SECOND) {
                throw new SessionDataException("msgpack timestamp out of range");
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        private Instant ext(int n) throws SessionDataException {
            int type = (byte) u8();
            if (type != -1) {
                throw new SessionDataException("Unsupported msgpack extension type " + type);
            }
            switch (n) {
                case 4:
                    return timestamp(be(4), 0);
                case 8: {
                    long v = be(8);
                    return timestamp(v & 0x3ffffffffL, v >>> 34);
                }
                case 12: {
                    long nanos = be(4);
                    return timestamp(be(8), nanos);
                }
                default:
                    throw new SessionDataException("Bad msgpack timestamp length " + n);
            }
        }
    }
}
