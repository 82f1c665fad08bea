package dev.flasksession.signing;

import java.math.BigInteger;
import java.time.Clock;
import java.util.Objects;

/**
 * itsdangerous' {@code TimestampSigner}: signs {@code value + sep + base64(timestamp)}, where the timestamp is the
 * Unix time in seconds as big-endian bytes with leading zero bytes stripped, and checks its age when unsigning.
 */
public final class TimestampSigner {
    private final Signer signer;
    private final Clock clock;

    /**
     * @param signer the signer that covers the value and the timestamp
     * @param clock  the source of "now", for signing and for the age check
     */
    public TimestampSigner(Signer signer, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the Unix time now, in whole seconds, as itsdangerous' {@code get_timestamp} */
    public long timestamp() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    /**
     * @param value the value to sign
     * @return the value with the current timestamp and a signature over both
     */
    public String sign(String value) {
        return sign(value, timestamp());
    }

    /**
     * @param value            the value to sign
     * @param epochSeconds the timestamp to embed
     * @return the value with that timestamp and a signature over both
     */
    public String sign(String value, long epochSeconds) {
        return signer.sign(value + signer.separator() + Base64Url.encode(timestampBytes(epochSeconds)));
    }

    /**
     * @param signedValue a value signed by {@link #sign(String)}
     * @param maxAgeSeconds the largest accepted age, or {@code null} for no age check
     * @return the value
     * @throws BadSignatureException     when the signature or the timestamp is bad
     * @throws SignatureExpiredException when the timestamp is older than {@code maxAgeSeconds} or in the future
     */
    public String unsign(String signedValue, Long maxAgeSeconds) throws BadSignatureException {
        return unsignTimestamped(signedValue, maxAgeSeconds).value();
    }

    /**
     * @param signedValue   a value signed by {@link #sign(String)}
     * @param maxAgeSeconds the largest accepted age, or {@code null} for no age check
     * @return the value and the time it was signed
     * @throws BadSignatureException     when the signature or the timestamp is bad
     * @throws SignatureExpiredException when the timestamp is older than {@code maxAgeSeconds} or in the future
     */
    public Timestamped<String> unsignTimestamped(String signedValue, Long maxAgeSeconds) throws BadSignatureException {
        String result = signer.unsign(signedValue);
        int at = result.lastIndexOf(signer.separator());
        if (at < 0) {
            throw new BadSignatureException("Timestamp missing");
        }
        long signedAt;
        try {
            signedAt = parseTimestamp(Base64Url.decode(result.substring(at + 1)));
        } catch (BadDataException e) {
            throw new BadSignatureException("Malformed timestamp");
        }
        if (maxAgeSeconds != null) {
            long age = timestamp() - signedAt;
            if (age > maxAgeSeconds) {
                throw new SignatureExpiredException("Signature age " + age + " > " + maxAgeSeconds + " seconds");
            }
            if (age < 0) {
                throw new SignatureExpiredException("Signature age " + age + " < 0 seconds");
            }
        }
        return new Timestamped<>(result.substring(0, at), signedAt);
    }

    static byte[] timestampBytes(long epochSeconds) {
        byte[] full = BigInteger.valueOf(epochSeconds).toByteArray();
        int skip = 0;
        while (skip < full.length && full[skip] == 0) {
            skip++;
        }
        byte[] out = new byte[full.length - skip];
        System.arraycopy(full, skip, out, 0, out.length);
        return out;
    }

    private static long parseTimestamp(byte[] bytes) throws BadDataException {
        // itsdangerous reads at most eight bytes, unsigned, and treats a longer one as malformed.
        if (bytes.length > 8) {
            throw new BadDataException("Timestamp longer than 8 bytes");
        }
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xFF);
        }
        if (value < 0) {
            throw new BadDataException("Timestamp out of range");
        }
        return value;
    }
}
