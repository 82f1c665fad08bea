package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sample built as a Quarkus application, beyond the interop cases {@link RealServersIT} runs on it: every backend
 * from the one build, chosen by {@code SESSION_TYPE} (encrypted cookies, none, the SQL store on Quarkus's own Agroal
 * pool); a bad choice stops the
 * start-up naming the setting; a Redis outage is a 503, read off the event loop, and the stored session is there again
 * afterwards.
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
    void theNullBackendFromTheSameBuild() {
        try (ServerProcess app = ServerProcess.quarkus("quarkus-null", Map.of("SESSION_TYPE", "null", "SECRET_KEY", SECRET))) {
            assertTrue(app.log().contains("NullSessionInterface"), app.log());
            NullAndBadConfigTest.assertNullSessionBehaviour(app);
        }
    }

    @Test
    void theSqlStoreFromTheSameBuild() throws SQLException {
        try (PostgresServer pg = PostgresServer.start("quarkus-sql");
             ServerProcess app = ServerProcess.quarkus("quarkus-sql", Map.of("SESSION_TYPE", "sqlalchemy",
                     "QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl("quarkus"), "QUARKUS_DATASOURCE_USERNAME", "postgres",
                     "SECRET_KEY", SECRET))) {
            String sid = Http.send("PUT", app.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertTrue(Http.get(app.url("/api/session"), "session=" + sid).body().contains("\"user\":\"ann\""));
            try (Connection c = pg.connect();
                 PreparedStatement s = c.prepareStatement("SELECT count(*) FROM sessions WHERE session_id = ?")) {
                s.setString(1, "session:" + sid);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1), "Flask-Session's row for the session");
                }
            }
            assertTrue(pg.statementsOf("quarkus").stream().anyMatch(st -> st.startsWith("INSERT INTO sessions")),
                    "the upsert came through Quarkus's data source: " + pg.statementsOf("quarkus"));
            // The sample has no HikariCP: only Quarkus's Agroal pool could have carried it.
            assertFalse(app.log().toLowerCase(java.util.Locale.ROOT).contains("hikari"), app.log());
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
            String outage = app.log().lines().filter(l -> l.contains("Redis is unavailable")).findFirst()
                    .orElseThrow(() -> new AssertionError("no outage line:\n" + app.log()));
            // Quarkus REST runs pre-matching filters on the event loop; the store must be read elsewhere.
            assertFalse(outage.contains("vert.x-eventloop"), "a blocking read on the event loop: " + outage);

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
