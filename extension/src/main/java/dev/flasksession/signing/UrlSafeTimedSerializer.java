package dev.flasksession.signing;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * itsdangerous' {@code URLSafeTimedSerializer}: serializes a value, zlib-compresses it when that saves more than one
 * byte (marking the token with a leading {@code .}), encodes it as URL-safe base64 and signs it with a timestamp.
 *
 * @param <T> the type of value
 */
public final class UrlSafeTimedSerializer<T> {
    /** Decompressed payloads larger than this are refused, so a small cookie cannot inflate into a huge one. */
    public static final int MAX_DECOMPRESSED_BYTES = 1 << 20;

    /** Idle Deflaters for reuse; more than the cores that compress at once would only hold memory. */
    private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(
            Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** Idle Inflaters, for the same reason as {@link #DEFLATERS}. */
    private static final BlockingQueue<Inflater> INFLATERS = new ArrayBlockingQueue<>(
            Math.max(2, Runtime.getRuntime().availableProcessors()));

    private final TimestampSigner signer;
    private final PayloadSerializer<T> serializer;
    private final int maxPayloadBytes;

    /**
     * @param signer     signs the encoded payload with a timestamp
     * @param serializer turns values into bytes and back
     */
    public UrlSafeTimedSerializer(TimestampSigner signer, PayloadSerializer<T> serializer) {
        this(signer, serializer, MAX_DECOMPRESSED_BYTES);
    }

    /**
     * @param signer          signs the encoded payload with a timestamp
     * @param serializer      turns values into bytes and back
     * @param maxPayloadBytes the largest payload accepted once decompressed; inflating stops there
     */
    public UrlSafeTimedSerializer(TimestampSigner signer, PayloadSerializer<T> serializer, int maxPayloadBytes) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * @param value the value
     * @return the signed token, timestamped now
     */
    public String dumps(T value) {
        return dumpsPayload(serializer.dump(value));
    }

    /**
     * @param payload bytes the serializer made
     * @return the signed token, timestamped now
     */
    public String dumpsPayload(byte[] payload) {
        return signer.sign(encodePayload(payload));
    }

    /**
     * @param value        the value
     * @param epochSeconds the timestamp to sign with
     * @return the signed token
     */
    public String dumps(T value, long epochSeconds) {
        return signer.sign(encodePayload(serializer.dump(value)), epochSeconds);
    }

    /**
     * @param token         a token made by {@link #dumps}
     * @param maxAgeSeconds the largest accepted age, or {@code null} for none
     * @return the value
     * @throws BadSignatureException when the signature or timestamp is bad or expired
     * @throws BadPayloadException   when the signed payload cannot be decoded
     */
    public T loads(String token, Long maxAgeSeconds) throws BadDataException {
        return serializer.load(loadsPayload(token, maxAgeSeconds));
    }

    /**
     * @param token         a token made by {@link #dumps}
     * @param maxAgeSeconds the largest accepted age, or {@code null} for none
     * @return the verified, decompressed payload, before the serializer reads it
     * @throws BadSignatureException when the signature or timestamp is bad or expired
     * @throws BadPayloadException   when the signed payload cannot be decoded
     */
    public byte[] loadsPayload(String token, Long maxAgeSeconds) throws BadDataException {
        return loadsPayloadTimestamped(token, maxAgeSeconds).value();
    }

    /**
     * @param token         a token made by {@link #dumps}
     * @param maxAgeSeconds the largest accepted age, or {@code null} for none
     * @return the verified, decompressed payload and the time it was signed
     * @throws BadSignatureException when the signature or timestamp is bad or expired
     * @throws BadPayloadException   when the signed payload cannot be decoded
     */
    public Timestamped<byte[]> loadsPayloadTimestamped(String token, Long maxAgeSeconds) throws BadDataException {
        Timestamped<String> signed = signer.unsignTimestamped(token, maxAgeSeconds);
        return new Timestamped<>(decodePayload(signed.value(), maxPayloadBytes), signed.epochSeconds());
    }

    /** @return the serializer that turns values into payload bytes and back */
    public PayloadSerializer<T> payloadSerializer() {
        return serializer;
    }

    /**
     * @param json the serialized value
     * @return URL-safe base64 of it, or {@code .} and base64 of its zlib compression when that is shorter
     */
    public static String encodePayload(byte[] json) {
        byte[] compressed = zlibCompress(json);
        if (compressed.length < json.length - 1) {
            return "." + Base64Url.encode(compressed);
        }
        return Base64Url.encode(json);
    }

    /**
     * @param payload the base64 part of a token
     * @return the serialized value, decompressed if the payload was marked as compressed
     * @throws BadPayloadException for bad base64 or bad or oversized zlib data
     */
    public static byte[] decodePayload(String payload) throws BadPayloadException {
        return decodePayload(payload, MAX_DECOMPRESSED_BYTES);
    }

    /**
     * @param payload  the base64 part of a token
     * @param maxBytes the largest accepted payload once decompressed
     * @return the serialized value, decompressed if the payload was marked as compressed
     * @throws BadPayloadException for bad base64 or bad or oversized zlib data
     */
    public static byte[] decodePayload(String payload, int maxBytes) throws BadPayloadException {
        boolean compressed = payload.startsWith(".");
        byte[] raw;
        try {
            raw = Base64Url.decode(compressed ? payload.substring(1) : payload);
        } catch (BadDataException e) {
            throw new BadPayloadException("Could not base64 decode the payload", e);
        }
        return compressed ? zlibDecompress(raw, maxBytes) : raw;
    }

    private static byte[] zlibCompress(byte[] data) {
        // A Deflater holds about 256 KB of native zlib state: making one per cookie cost more than the rest of the
        // save. A few are kept for reuse instead, shared by all threads, so no thread-local outlives a redeployment.
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        }
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buffer = new byte[Math.min(4096, data.length + 64)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.reset();
            if (!DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static byte[] zlibDecompress(byte[] data, int maxBytes) throws BadPayloadException {
        Inflater inflater = INFLATERS.poll();
        if (inflater == null) {
            inflater = new Inflater();
        }
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4 + 16);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadPayloadException("Truncated zlib data");
                }
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new BadPayloadException("Decompressed payload larger than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BadPayloadException("Could not zlib decompress the payload", e);
        } finally {
            inflater.reset();
            if (!INFLATERS.offer(inflater)) {
                inflater.end();
            }
        }
    }
}
