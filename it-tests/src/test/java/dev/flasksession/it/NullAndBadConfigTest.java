package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sessions without a secret key, and settings that must stop the deployment. */
class NullAndBadConfigTest {
    static void assertNullSessionBehaviour(ServerProcess server) {
        Http.Reply read = Http.get(server.url("/api/session"), "session=anything");
        assertEquals(200, read.status());
        assertEquals("{}", read.body());
        assertEquals(List.of(), read.setCookies());

        Http.Reply write = Http.send("PUT", server.url("/api/session/a"), null, "1");
        assertEquals(500, write.status());
        assertEquals(List.of(), write.setCookies());
        assertEquals(Optional.empty(), write.vary());
        assertTrue(write.body().contains("Session unavailable"), write.body());
        assertFalse(write.body().contains("SECRET_KEY"), "the client is not told how the server is configured");
        assertTrue(server.log().contains("no secret key was set. Set SECRET_KEY"), "the log names the setting");
    }

    @Test
    void noSecretKeyGivesTheNullSessionWithOneStartupWarning() {
        try (ServerProcess server = ServerProcess.java("no-secret", Map.of("GENERATE_SECRET", "false"))) {
            String startupLog = server.log();
            assertEquals(1, startupLog.split("no secret key was set", -1).length - 1, startupLog);
            assertTrue(startupLog.contains("SecureCookieSessionInterface"), "the active backend is logged");
            assertNullSessionBehaviour(server);
        }
    }

    @Test
    void nullBackendSelectedBySessionType() {
        try (ServerProcess server = ServerProcess.java("null-backend", Map.of("SESSION_TYPE", "null", "SECRET_KEY", "k"))) {
            assertTrue(server.log().contains("NullSessionInterface"));
            assertNullSessionBehaviour(server);
        }
    }

    @Test
    void theDemoMakesARandomKeyWithAWarning() {
        try (ServerProcess server = ServerProcess.java("random-secret", Map.of())) {
            assertTrue(server.log().contains("WARNING: SECRET_KEY is not set; using a random key"));
            Http.Reply r = Http.send("PUT", server.url("/api/session/a"), null, "1");
            assertEquals(204, r.status());
            assertTrue(r.cookie("session").isPresent());
        }
    }

    @Test
    void badSettingsFailAtStartupNamingTheSetting() {
        Map<String, String> cases = Map.of(
                "PERMANENT_SESSION_LIFETIME", "abc",
                "SESSION_COOKIE_SAMESITE", "Loose",
                "SESSION_REFRESH_EACH_REQUEST", "sometimes",
                "SESSION_TYPE", "memcached",
                "REMEMBER_COOKIE_SAMESITE", "None",
                "REMEMBER_COOKIE_DURATION", "a year",
                "SESSION_PROTECTION", "paranoid",
                "WTF_CSRF_TIME_LIMIT", "an hour",
                "WTF_CSRF_METHODS", "post");
        cases.forEach((setting, value) -> {
            try (ServerProcess server = ServerProcess.startJava("bad-" + setting,
                    Map.of("SECRET_KEY", "bad-config-secret-0123456789", setting, value))) {
                int status = server.awaitExit(Duration.ofSeconds(60));
                String log = server.log();
                assertEquals(1, status, log);
                assertTrue(log.contains("failed to start") && log.contains(setting + ": '" + value + "'"), log);
            }
        });
    }

    /** Checking every post with no key to check tokens with could only refuse them all: that fails the start. */
    @Test
    void checkingEveryPostWithoutAKeyFailsAtStartup() {
        try (ServerProcess server = ServerProcess.startJava("csrf-no-key",
                Map.of("GENERATE_SECRET", "false", "WTF_CSRF_CHECK_DEFAULT", "true"))) {
            int status = server.awaitExit(Duration.ofSeconds(60));
            String log = server.log();
            assertEquals(1, status, log);
            assertTrue(log.contains("failed to start") && log.contains("WTF_CSRF_SECRET_KEY")
                    && log.contains("A secret key is required to use CSRF"), log);
        }
    }
}
