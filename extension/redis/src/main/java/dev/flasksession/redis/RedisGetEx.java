package dev.flasksession.redis;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;

/**
 * Opening with {@code SESSION_REFRESH_EACH_REQUEST}: one {@code GETEX} that reads the value and renews its TTL, so an
 * unmodified session is never rewritten; on a Redis older than 6.2, which has none, {@code GET} and {@code EXPIRE} in
 * one pipelined round trip.
 */
final class RedisGetEx {
    /**
     * Until when to open without {@code GETEX}, after Redis said it has none; 0 while it has. Asked again after a
     * while, so an upgraded Redis gets the single command back. Shared by every Redis backend, as the outage state is.
     */
    private static final AtomicLong NO_GETEX_UNTIL = new AtomicLong();
    private static final AtomicBoolean NO_GETEX_LOGGED = new AtomicBoolean();

    private final RedisCommands commands;

    RedisGetEx(RedisCommands commands) {
        this.commands = commands;
    }

    /**
     * @param key the session's key
     * @return its value, or {@code null}; its TTL renewed. Run it inside {@link RedisCommands#call}
     */
    byte[] getAndRenew(byte[] key) {
        long until = NO_GETEX_UNTIL.get();
        if (until == 0 || System.nanoTime() - until > 0) {
            try {
                byte[] value = commands.redis().getEx(key, GetExParams.getExParams().ex(commands.ttlSeconds));
                NO_GETEX_UNTIL.set(0);
                return value;
            } catch (JedisDataException e) {
                if (!isUnknownCommand(e, "getex")) {
                    throw e;
                }
                NO_GETEX_UNTIL.set(System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
                if (NO_GETEX_LOGGED.compareAndSet(false, true)) {
                    RedisCommands.LOG.warning("flask-session: this Redis has no GETEX (it is older than 6.2); sessions "
                            + "are opened with GET and EXPIRE in one pipelined round trip, and GETEX is tried again "
                            + "every 10 minutes");
                }
            }
        }
        // Pipelined rather than scripted, so that it works where scripting is disabled too.
        try (AbstractPipeline pipeline = commands.redis().pipelined()) {
            Response<byte[]> value = pipeline.get(key);
            pipeline.expire(key, commands.ttlSeconds);
            pipeline.sync();
            return value.get();
        }
    }

    private boolean isUnknownCommand(JedisDataException e, String command) {
        // Redis 6 quotes the name in backticks, Redis 7 in single quotes; the arguments after it are never looked at.
        String message = commands.redact(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unknown command") && message.contains(command);
    }
}
