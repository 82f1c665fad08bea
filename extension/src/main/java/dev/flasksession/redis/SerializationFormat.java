package dev.flasksession.redis;

import java.util.Locale;
import java.util.Map;

/**
 * Flask-Session's {@code SESSION_SERIALIZATION_FORMAT}: what is written. Reading tries this format first and then
 * the other one, as Flask-Session does, so a store written in either format keeps working after a switch.
 */
public enum SerializationFormat {
    /** msgspec's MessagePack; Flask-Session's default. */
    MSGPACK,
    /** msgspec's JSON. */
    JSON;

    /**
     * @param session the session contents
     * @return the stored bytes
     */
    public byte[] encode(Map<String, Object> session) {
        return this == MSGPACK ? Msgpack.encode(session) : MsgspecJson.encode(session);
    }

    /**
     * @param data stored bytes
     * @return the session contents
     * @throws SessionDataException when neither format reads them as a map (pickled data among them)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> decode(byte[] data) throws SessionDataException {
        Object value;
        try {
            value = decodeAs(this, data);
        } catch (SessionDataException first) {
            try {
                value = decodeAs(this == MSGPACK ? JSON : MSGPACK, data);
            } catch (SessionDataException second) {
                throw new SessionDataException("Neither msgpack nor JSON (" + first.getMessage() + "; " + second.getMessage() + ")");
            }
        }
        if (!(value instanceof Map)) {
            throw new SessionDataException("The stored value is not a map");
        }
        return (Map<String, Object>) value;
    }

    private static Object decodeAs(SerializationFormat format, byte[] data) throws SessionDataException {
        try {
            return format == MSGPACK ? Msgpack.decode(data) : MsgspecJson.decode(data);
        } catch (RuntimeException e) {
            // Stored bytes are input like any other: whatever they hold, the request gets a fresh session, not a 500.
            throw new SessionDataException("Unreadable " + format.name().toLowerCase(Locale.ROOT) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
