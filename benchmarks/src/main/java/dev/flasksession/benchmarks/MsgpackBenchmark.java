package dev.flasksession.benchmarks;

import dev.flasksession.store.SerializationFormat;
import dev.flasksession.store.SessionDataException;
import dev.flasksession.session.FlaskSession;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Flask-Session's stored value, msgspec's msgpack bytes of the session dict, to bytes and back. */
public class MsgpackBenchmark extends SizedBenchmark {
    private Map<String, Object> session;
    private byte[] stored;

    /** Prepares the value, made permanent as Flask-Session stores new sessions, and its bytes. */
    @Setup
    public void setUp() {
        session = Sessions.named(size);
        session.put(FlaskSession.PERMANENT_KEY, true);
        stored = SerializationFormat.MSGPACK.encode(session);
    }

    /** @return the msgpack bytes */
    @Benchmark
    public byte[] encode() {
        return SerializationFormat.MSGPACK.encode(session);
    }

    /**
     * @return the session dict
     * @throws SessionDataException never: the bytes were made by {@link #encode()}
     */
    @Benchmark
    public Map<String, Object> decode() throws SessionDataException {
        return SerializationFormat.MSGPACK.decode(stored);
    }
}
