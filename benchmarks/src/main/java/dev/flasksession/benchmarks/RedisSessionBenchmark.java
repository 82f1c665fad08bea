package dev.flasksession.benchmarks;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.redis.RedisSessionSettings;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.UnifiedJedis;

/**
 * What one request costs the Redis backend against a real {@code redis-server} on loopback: open ({@code GETEX}),
 * change one key, save ({@code SET ... EX}). The server's address comes from {@code BENCH_REDIS_PORT}, which
 * {@code bench/run.sh} sets after starting its own server; environment variables reach JMH's forked JVM unchanged.
 */
public class RedisSessionBenchmark extends SizedBenchmark {
    private UnifiedJedis redis;
    private RedisSessionInterface sessions;
    private SessionRequest request;

    /** Connects and stores the session under a fixed id, as Flask-Session would have. */
    @Setup
    public void setUp() {
        String port = System.getenv("BENCH_REDIS_PORT");
        if (port == null) {
            throw new IllegalStateException("Set BENCH_REDIS_PORT to the port of a redis-server on 127.0.0.1 (bench/run.sh does)");
        }
        RedisSessionSettings settings = RedisSessionSettings.from(
                ConfigSource.of(Map.of(RedisSessionSettings.SESSION_REDIS, "redis://127.0.0.1:" + port + "/0")));
        redis = settings.connect();
        sessions = new RedisSessionInterface(Sessions.config(), settings, redis, Clock.systemUTC());
        // Shaped as Flask-Session's token_urlsafe(32) ids are: any other id is never looked up.
        String sid = ("jmh-" + size + "-" + "0".repeat(43)).substring(0, 43);
        Map<String, Object> data = Sessions.named(size);
        data.put(FlaskSession.PERMANENT_KEY, true);
        redis.set(sessions.storeKey(sid).getBytes(StandardCharsets.UTF_8), settings.format().encode(data));
        request = name -> Optional.of(sid);
    }

    /** Closes the client. */
    @TearDown
    public void tearDown() {
        redis.close();
    }

    /** @return the cookie header value the save produced */
    @Benchmark
    public String openChangeSave() {
        return Sessions.openChangeSave(sessions, request);
    }
}
