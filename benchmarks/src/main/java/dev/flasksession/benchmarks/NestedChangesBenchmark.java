package dev.flasksession.benchmarks;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SetCookie;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What {@code SESSION_DETECT_NESTED_CHANGES} costs a request that opens a session and reads it without changing it:
 * with detection, saving encodes the session once more to compare it with what was opened.
 */
public class NestedChangesBenchmark extends SizedBenchmark {
    /** Whether {@code SESSION_DETECT_NESTED_CHANGES} is on. */
    @Param({"false", "true"})
    public boolean detect;

    private SecureCookieSessionInterface sessions;
    private SessionRequest request;
    private final SessionResponse ignore = new SessionResponse() {
        @Override
        public void setCookie(SetCookie cookie) {
        }

        @Override
        public void addVary(String header) {
        }
    };

    /** Mints the cookie the benchmark opens. */
    @Setup
    public void setUp() {
        SessionConfig config = SessionConfig.builder().secretKey(Sessions.SECRET_KEY).detectNestedChanges(detect).build();
        sessions = new SecureCookieSessionInterface(config);
        String cookie = sessions.getSigningSerializer().orElseThrow().dumps(Sessions.named(size));
        request = name -> Optional.of(cookie);
    }

    /** @return the opened session, after a read and the save */
    @Benchmark
    public FlaskSession openReadSave() {
        FlaskSession session = sessions.openSession(request);
        session.get(Sessions.CHANGED_KEY);
        sessions.saveSession(session, ignore);
        return session;
    }
}
