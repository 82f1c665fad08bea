package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flasksession.store.Msgpack;
import dev.flasksession.store.MsgspecJson;
import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.SessionDataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes of hostile stored value the fuzz tests stand for, written out: each is refused cleanly. */
class HostileRedisValueTest {
    private static byte[] repeat(int b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        byte[] msgpack = repeat(0x91, 1_000_000);
        assertThrows(SessionDataException.class, () -> Msgpack.decode(msgpack));
        byte[] json = ("[".repeat(1_000_000) + "]".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII);
        assertThrows(SessionDataException.class, () -> MsgspecJson.decode(json));
        for (SerializationFormat format : SerializationFormat.values()) {
            assertThrows(SessionDataException.class, () -> format.decode(msgpack));
            assertThrows(SessionDataException.class, () -> format.decode(json));
        }
    }

    @Test
    void hugeIntegersAreRefused() {
        byte[] json = ("{\"n\":" + "9".repeat(100_000) + "}").getBytes(StandardCharsets.US_ASCII);
        assertThrows(SessionDataException.class, () -> MsgspecJson.decode(json));
        assertThrows(SessionDataException.class, () -> SerializationFormat.JSON.decode(json));
    }

    @Test
    void nonFiniteNumbersAreNotMsgspecJson() {
        // msgspec's decoder refuses them; Python's json, which reads the cookie, does not.
        for (String json : List.of("{\"f\":NaN}", "{\"f\":Infinity}", "{\"f\":-Infinity}")) {
            assertThrows(SessionDataException.class,
                    () -> MsgspecJson.decode(json.getBytes(StandardCharsets.US_ASCII)), json);
        }
    }

    @Test
    void lengthsBeyondTheDataAreRefusedBeforeAnythingIsAllocated() {
        // Each claims about 4 GB (or 4 billion items) in a handful of bytes.
        for (String hex : List.of("dbffffffff", "c6ffffffff", "ddffffffff", "dfffffffff", "dbfffffff0", "c6 7fffffff",
                "dd7fffffff", "df7fffffff", "dc ffff", "de ffff", "c7ff ff")) {
            byte[] data = HexFormat.of().parseHex(hex.replace(" ", ""));
            assertThrows(SessionDataException.class, () -> Msgpack.decode(data), hex);
        }
    }

    @Test
    void arraysHoldingNoneAreWritten() throws Exception {
        // List.of refused the null in {1, None}: a session that could be read and not saved.
        Map<String, Object> session = Map.of("t", new Object[] {1, null});
        assertEquals(Map.of("t", Arrays.asList(1, null)), Msgpack.decode(Msgpack.encode(session)));
        assertEquals("{\"t\":[1,null]}", new String(MsgspecJson.encode(session), StandardCharsets.UTF_8));
    }
}
