package dev.flasksession.redis;

import dev.flasksession.store.Msgpack;
import dev.flasksession.store.MsgspecJson;
import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.SessionDataException;
import com.code_intelligence.jazzer.junit.FuzzTest;
/**
 * Hostile bytes in Redis, for each reader of a stored session. Each target passes when the bytes give a value or a
 * {@link SessionDataException}; any other throwable (a {@link StackOverflowError} too) is a finding. Whatever one
 * format decodes must encode again in it: a session that opens but cannot be saved fails the request later.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the corpus under {@code RedisValueFuzzTestInputs/} as regression tests.
 */
class RedisValueFuzzTest {
    /** msgspec's MessagePack. */
    @FuzzTest(maxDuration = "2m")
    void msgpack(byte[] input) {
        Object value;
        try {
            value = Msgpack.decode(input);
        } catch (SessionDataException expected) {
            return;
        }
        Msgpack.encode(value);
    }

    /** msgspec's JSON. */
    @FuzzTest(maxDuration = "2m")
    void msgspecJson(byte[] input) {
        Object value;
        try {
            value = MsgspecJson.decode(input);
        } catch (SessionDataException expected) {
            return;
        }
        MsgspecJson.encode(value);
    }

    /** What {@link RedisSessionInterface} calls: the configured format first, then the other. */
    @FuzzTest(maxDuration = "2m")
    void serializationFormat(byte[] input) {
        for (SerializationFormat format : SerializationFormat.values()) {
            try {
                format.decode(input);
            } catch (SessionDataException expected) {
                // bad data, cleanly refused
            }
        }
    }
}
