package dev.flasksession.signing;

import java.util.Base64;

/** itsdangerous' base64: URL-safe alphabet, padding stripped on encode and restored on decode. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /**
     * @param data bytes to encode
     * @return URL-safe base64 without {@code =} padding
     */
    public static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /**
     * @param text URL-safe base64, with or without padding
     * @return the decoded bytes
     * @throws BadDataException when the text is not valid base64
     */
    public static byte[] decode(String text) throws BadDataException {
        try {
            int pad = (4 - text.length() % 4) % 4;
            return DECODER.decode(pad == 0 ? text : text + "=".repeat(pad));
        } catch (IllegalArgumentException e) {
            throw new BadDataException("Invalid base64-encoded data");
        }
    }
}
