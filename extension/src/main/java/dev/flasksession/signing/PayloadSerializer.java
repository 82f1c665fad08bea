package dev.flasksession.signing;

/**
 * Turns a value into the bytes that get signed and back, as the {@code serializer} argument of an itsdangerous
 * serializer does.
 *
 * @param <T> the type of value
 */
public interface PayloadSerializer<T> {
    /**
     * @param value the value
     * @return its serialized form
     */
    byte[] dump(T value);

    /**
     * @param payload serialized bytes, already verified and decompressed
     * @return the value
     * @throws BadPayloadException when the bytes do not decode to a valid value
     */
    T load(byte[] payload) throws BadPayloadException;
}
