package dev.flasksession.sample;

import dev.flasksession.cdi.SessionCleared;
import dev.flasksession.cdi.SessionCreated;
import dev.flasksession.cdi.SessionRegenerated;
import dev.flasksession.cdi.SessionSaved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the session events, so the tests can see each fired once and none for read-only requests. */
@ApplicationScoped
public class SessionEventLog {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void created(@Observes SessionCreated e) {
        count("created");
    }

    void saved(@Observes SessionSaved e) {
        count("saved");
    }

    void cleared(@Observes SessionCleared e) {
        count("cleared");
    }

    void regenerated(@Observes SessionRegenerated e) {
        count("regenerated");
    }

    private void count(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /** @return the counts so far, by kind */
    public Map<String, Object> counts() {
        Map<String, Object> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
