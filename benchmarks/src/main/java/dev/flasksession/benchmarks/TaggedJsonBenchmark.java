package dev.flasksession.benchmarks;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Flask's tagged JSON alone: the session dict to text and back, as in every cookie open and save. */
public class TaggedJsonBenchmark extends SizedBenchmark {
    private final TaggedJson json = new TaggedJson();
    private Map<String, Object> session;
    private String text;

    /** Prepares the value and its text. */
    @Setup
    public void setUp() {
        session = Sessions.named(size);
        text = json.dumps(session);
    }

    /** @return the tagged JSON text */
    @Benchmark
    public String encode() {
        return json.dumps(session);
    }

    /**
     * @return the decoded value
     * @throws JsonDecodeException never: the text was made by {@link #encode()}
     */
    @Benchmark
    public Object decode() throws JsonDecodeException {
        return json.loads(text);
    }
}
