package dev.flasksession.store;

import dev.flasksession.json.Markup;
import dev.flasksession.json.TaggedJson;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

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
 *
 * <p>The bytes are read and written by msgpack-core's {@link MessageUnpacker} and {@link MessageBufferPacker}, whose
 * encoding choices are msgspec's (checked against Flask-Session's stored values); this class decides only the type
 * mapping and the checks msgspec makes that msgpack-core does not.
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
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(value, out, 0);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("A buffer packer failed", e);
        }
    }

    /**
     * msgpack-core's packer picks msgspec's encodings: the smallest form of every integer, unsigned ones for
     * non-negative values, str8 for 32 to 255 bytes, the smallest bin, array and map headers, and the smallest of the
     * three timestamp layouts. What it leaves to the caller is which Java type becomes which msgpack type.
     */
    private static void write(Object v, MessageBufferPacker out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Session data nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            out.packNil();
        } else if (v instanceof Boolean b) {
            out.packBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger big) {
            if (big.bitLength() > 64 || big.signum() < 0 && big.bitLength() > 63) {
                throw new IllegalArgumentException("Integer " + big + " is out of msgpack's 64-bit range");
            }
            out.packBigInteger(big);
        } else if (v instanceof Double || v instanceof Float) {
            // Python floats are doubles: msgspec writes float64 even where float32 would hold the value.
            out.packDouble(((Number) v).doubleValue());
        } else if (v instanceof String || v instanceof Markup || v instanceof UUID) {
            out.packString(v.toString());
        } else if (v instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length);
            out.writePayload(bytes);
        } else if (v instanceof Map<?, ?> map) {
            out.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("Session keys must be strings, not " + e.getKey());
                }
                write(e.getKey(), out, depth + 1);
                write(e.getValue(), out, depth + 1);
            }
        } else if (v instanceof List<?> list) {
            out.packArrayHeader(list.size());
            for (Object item : list) {
                write(item, out, depth + 1);
            }
        } else if (v instanceof Object[] array) {
            write(Arrays.asList(array), out, depth);
        } else if (v instanceof LocalDateTime naive) {
            write(naive.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), out, depth);
        } else {
            Instant instant = instant(v);
            if (instant == null) {
                throw new IllegalArgumentException("Object of type " + v.getClass().getName() + " is not msgpack serializable");
            }
            // Python datetimes carry microseconds; anything finer is dropped, as it would be on the Python side.
            out.packTimestamp(instant.getEpochSecond(), instant.getNano() / 1000 * 1000);
        }
    }

    /** Aware datetimes only: a {@link LocalDateTime} is naive and is handled before this is asked. */
    static Instant instant(Object v) {
        return v instanceof LocalDateTime ? null : TaggedJson.asInstant(v);
    }

    /**
     * @param data MessagePack bytes holding exactly one value
     * @return the value
     * @throws SessionDataException for truncated, trailing or unsupported data
     */
    public static Object decode(byte[] data) throws SessionDataException {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(data)) {
            Object value = new Reader(unpacker, data.length).read(0);
            if (unpacker.hasNext()) {
                throw new SessionDataException("Trailing bytes after the msgpack value");
            }
            return value;
        } catch (MessageInsufficientBufferException e) {
            throw new SessionDataException("Truncated msgpack data");
        } catch (MessagePackException | IOException e) {
            // Never-used bytes (0xc1), invalid UTF-8 and sizes past int range all land here, as clean bad data.
            throw new SessionDataException("Bad msgpack data (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * msgpack-core reads the bytes; this maps them to msgspec's Python types and adds the checks msgspec makes and
     * msgpack-core does not: map keys are strings, timestamps are within Python's datetime range with fewer than 10^9
     * nanoseconds, and no length is believed before the bytes are there (msgpack-core's {@code readPayload(int)}
     * allocates the declared length up front, so six bytes claiming a 2 GB string would cost 2 GB).
     */
    private static final class Reader {
        private final MessageUnpacker in;
        private final long size;

        Reader(MessageUnpacker in, long size) {
            this.in = in;
            this.size = size;
        }

        /** Each array item or map key and value takes at least one byte, so a count can be checked against them. */
        private int available(long n) throws SessionDataException {
            if (n > size - in.getTotalReadBytes()) {
                throw new SessionDataException("msgpack length " + n + " exceeds the data");
            }
            return (int) n;
        }

        Object read(int depth) throws IOException, SessionDataException {
            if (depth > MAX_DEPTH) {
                throw new SessionDataException("msgpack data nested deeper than " + MAX_DEPTH + " levels");
            }
            MessageFormat format = in.getNextFormat();
            switch (format) {
                case NIL:
                    in.unpackNil();
                    return null;
                case BOOLEAN:
                    return in.unpackBoolean();
                case POSFIXINT: case NEGFIXINT: case UINT8: case UINT16: case UINT32:
                case INT8: case INT16: case INT32: case INT64:
                    return narrow(in.unpackLong());
                case UINT64: {
                    BigInteger v = in.unpackBigInteger();
                    return v.bitLength() < 64 ? narrow(v.longValue()) : v;
                }
                case FLOAT32: case FLOAT64:
                    // msgspec widens float32 to a Python float, a double.
                    return in.unpackDouble();
                case FIXSTR: case STR8: case STR16: case STR32:
                    return str(in.readPayload(available(in.unpackRawStringHeader())));
                case BIN8: case BIN16: case BIN32:
                    return in.readPayload(available(in.unpackBinaryHeader()));
                case FIXARRAY: case ARRAY16: case ARRAY32: {
                    int n = available(in.unpackArrayHeader());
                    List<Object> list = new ArrayList<>(Math.min(n, 1024));
                    for (int i = 0; i < n; i++) {
                        list.add(read(depth + 1));
                    }
                    return list;
                }
                case FIXMAP: case MAP16: case MAP32: {
                    int n = available(2L * in.unpackMapHeader()) / 2;
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
                case FIXEXT4: case FIXEXT8: case EXT8: {
                    ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
                    if (!header.isTimestampType()) {
                        throw new SessionDataException("Unsupported msgpack extension type " + header.getType());
                    }
                    return timestamp(in.readPayload(available(header.getLength())));
                }
                default:
                    // fixext 1/2/16, ext 16/32: msgspec writes none of them and reads them only as Ext objects.
                    throw new SessionDataException("Unsupported msgpack format " + format);
            }
        }

        private static Object narrow(long v) {
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        /** Strict UTF-8, as msgspec decodes: msgpack-core's default would put U+FFFD in place of bad bytes. */
        private static String str(byte[] utf8) throws SessionDataException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw new SessionDataException("Invalid UTF-8 in a msgpack string");
            }
        }

        /**
         * The timestamp extension's three layouts, read here and not by {@code unpackTimestamp}: msgpack-core
         * passes nanoseconds of 10^9 and more to {@link Instant#ofEpochSecond(long, long)}, which carries them into
         * the seconds, where msgspec refuses them.
         */
        private static Instant timestamp(byte[] payload) throws SessionDataException {
            ByteBuffer b = ByteBuffer.wrap(payload);
            long seconds;
            long nanos;
            switch (payload.length) {
                case 4:
                    seconds = Integer.toUnsignedLong(b.getInt());
                    nanos = 0;
                    break;
                case 8: {
                    long v = b.getLong();
                    seconds = v & 0x3ffffffffL;
                    nanos = v >>> 34;
                    break;
                }
                case 12:
                    nanos = Integer.toUnsignedLong(b.getInt());
                    seconds = b.getLong();
                    break;
                default:
                    throw new SessionDataException("Bad msgpack timestamp length " + payload.length);
            }
            if (nanos >= 1_000_000_000L || seconds < PYTHON_MIN_EPOCH_SECOND || seconds > PYTHON_MAX_EPOCH_SECOND) {
                throw new SessionDataException("msgpack timestamp out of range");
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }
    }
}
