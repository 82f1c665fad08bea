/**
 * Server-side sessions in Redis, wire-compatible with Flask-Session 0.8's {@code RedisSessionInterface}: the cookie
 * holds a random id, the data lives under {@code SESSION_KEY_PREFIX + id} in the exact bytes msgspec writes
 * (msgpack by default, or JSON), with a TTL of {@code PERMANENT_SESSION_LIFETIME}.
 *
 * Shipped as {@code dev.flasksession:flask-session-redis}, which brings Jedis and {@code flask-session-store}.
 *
 * <p>The two formats and the server-side template come from {@code dev.flasksession.store};
 * {@link dev.flasksession.redis.RedisSessionSettings} holds the Flask-Session settings,
 * {@link dev.flasksession.redis.RedisClients} the shared Jedis client for standalone, Sentinel or Cluster, and
 * {@link dev.flasksession.redis.RedisSessionInterface} the backend: the store's operations, with package-private
 * parts beside it for sending commands, the {@code GETEX} fallback, tombstones, the merge and the user index.
 * Pickled data is never read.
 */
package dev.flasksession.redis;
