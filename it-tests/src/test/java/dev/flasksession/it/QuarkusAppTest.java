package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sample built as a Quarkus application, beyond the interop cases {@link RealServersIT} runs on it: every backend
 * from the one build, chosen by {@code SESSION_TYPE}; a bad choice stops the start-up naming the setting; a Redis
 * outage is a 503 and the stored session is there again afterwards.
 */
class QuarkusAppTest {
    private static final String SECRET = "quarkus-app-secret-0123456789";

    @Test
    void encryptedCookiesFromTheSameBuild() {
        try (ServerProcess app = ServerProcess.quarkus("quarkus-encrypted",
                Map.of("SESSION_TYPE", "encryptedcookie", "SECRET_KEY", SECRET))) {
            String cookie = Http.send("PUT", app.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertNotEquals(3, cookie.split("\\.").length, "not Flask's signed cookie: " + cookie);
            assertTrue(Http.get(app.url("/api/session"), "session=" + cookie).body().contains("\"user\":\"ann\""));
            assertTrue(app.log().contains("active backend dev.flasksession.session.EncryptedCookieSessionInterface "
                    + "(bean chosen by SESSION_TYPE=encryptedcookie)"), app.log());
        }
    }

    @Test
    void anUnknownSessionTypeStopsTheStartNamingTheSetting() {
        try (ServerProcess app = ServerProcess.startQuarkus("quarkus-memcached",
                Map.of("SESSION_TYPE", "memcached", "SECRET_KEY", SECRET))) {
            int status = app.awaitExit(Duration.ofSeconds(60));
            assertNotEquals(0, status, app.log());
            assertTrue(app.log().contains("SESSION_TYPE: 'memcached' is not accepted; use securecookie, encryptedcookie, "
                    + "redis, sqlalchemy, null"), app.log());
        }
    }

    @Test
    void aRedisOutageIsA503AndTheStoredSessionIsThereAfterwards() {
        try (RedisServer redis = RedisServer.start("quarkus-outage", "--appendonly", "yes", "--appendfsync", "always");
             ServerProcess app = ServerProcess.quarkus("quarkus-outage", Map.of("SESSION_TYPE", "redis",
                     "SESSION_REDIS", redis.url(), "SECRET_KEY", SECRET, "SESSION_REDIS_SOCKET_TIMEOUT", "500",
                     "SESSION_REDIS_CONNECT_TIMEOUT", "500"))) {
            String cookie = "session=" + Http.send("PUT", app.url("/api/session/user"), null, "\"ann\"")
                    .cookie("session").orElseThrow();
            redis.kill();
            Http.Reply down = Http.get(app.url("/api/session"), cookie);
            assertEquals(503, down.status(), down.body());
            assertTrue(down.raw().headers().firstValue("Retry-After").isPresent(), "503 says when to retry");
            assertTrue(app.log().contains("Redis is unavailable"), app.log());

            redis.restart();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Http.Reply back = Http.get(app.url("/api/session"), cookie);
            while (back.status() == 503 && System.nanoTime() < deadline) {
                ServerProcess.sleep(100);
                back = Http.get(app.url("/api/session"), cookie);
            }
            assertEquals(200, back.status(), back.body());
            assertTrue(back.body().contains("\"user\":\"ann\""), "the session stored before the outage: " + back.body());
        }
    }
}
