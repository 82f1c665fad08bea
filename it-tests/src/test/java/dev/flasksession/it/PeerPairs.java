package dev.flasksession.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Flask peer and the Java server side by side, on each backend an interop test compares: signed cookies,
 * and Flask-Session 0.8 on a real redis-server. Both get the same settings, so they share every session.
 */
final class PeerPairs implements AutoCloseable {
    /** The backends, as the tests name them. */
    static final List<String> TYPES = List.of("securecookie", "redis");

    private final RedisServer redis;
    private final Map<String, ServerProcess[]> pairs = new LinkedHashMap<>();

    private PeerPairs(String name, Map<String, String> settings) {
        redis = RedisServer.start(name + "-interop");
        try {
            for (String type : TYPES) {
                Map<String, String> env = new LinkedHashMap<>(settings);
                if (type.equals("redis")) {
                    env.put("SESSION_TYPE", "redis");
                    env.put("SESSION_REDIS", redis.url());
                    env.put("SESSION_KEY_PREFIX", name + "-it:");
                }
                pairs.put(type, new ServerProcess[] {ServerProcess.flask(name + "-flask-" + type, env),
                        ServerProcess.java(name + "-java-" + type, env)});
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * @param name     names the servers and the Redis key prefix
     * @param settings what both sides read, beside the backend's own
     * @return both sides on both backends, started
     */
    static PeerPairs start(String name, Map<String, String> settings) {
        return new PeerPairs(name, settings);
    }

    ServerProcess flask(String type) {
        return pairs.get(type)[0];
    }

    ServerProcess java(String type) {
        return pairs.get(type)[1];
    }

    @Override
    public void close() {
        for (ServerProcess[] pair : pairs.values()) {
            pair[0].close();
            pair[1].close();
        }
        redis.close();
    }
}
