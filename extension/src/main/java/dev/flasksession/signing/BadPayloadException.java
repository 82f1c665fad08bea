package dev.flasksession.signing;

/**
 * The signature was valid but the payload could not be decoded: bad base64, bad zlib data, or a body the payload
 * serializer refused ({@code BadPayload}).
 */
public class BadPayloadException extends BadDataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be decoded
     */
    public BadPayloadException(String message) {
        super(message);
    }

    /**
     * @param message what could not be decoded
     * @param cause   the decoder's error
     */
    public BadPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
