package dev.flasksession.store;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /**
     * What a save must write of a session opened from {@code opened}, key by key. Values are compared as this format
     * stores them, each side freshly encoded: a change deep inside a nested value shows, while a value read from the
     * other format (JSON where msgpack is written, say) that holds the same data does not, and neither does a
     * difference the store cannot keep (a tuple against a list).
     *
     * @param opened the stored bytes the session was opened from, in either format; decoded again here, because the
     *               contents opened from them may have been changed in place since
     * @param now    the session's contents now
     * @return the keys whose values differ, removed keys included; every key when {@code opened} cannot be read
     */
    public Set<String> changedKeys(byte[] opened, Map<String, Object> now) {
        Map<String, Object> before;
        try {
            before = decode(opened);
        } catch (SessionDataException e) {
            before = Map.of();
        }
        Set<String> changed = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            if (!before.containsKey(e.getKey()) || !Arrays.equals(encodeValue(before.get(e.getKey())),
                    encodeValue(e.getValue()))) {
                changed.add(e.getKey());
            }
        }
        for (String key : before.keySet()) {
            if (!now.containsKey(key)) {
                changed.add(key);
            }
        }
        return changed;
    }

    private byte[] encodeValue(Object value) {
        return this == MSGPACK ? Msgpack.encode(value) : MsgspecJson.encode(value);
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
