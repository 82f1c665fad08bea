package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code SESSION_HEADER_NAME}: API clients carry the session id in a header instead of a cookie. */
class SessionHeaderTest {
    private static final String HEADER = "X-Session-Id";

    @Test
    void anApiClientUsesTheHeaderAlone() {
        try (RedisServer redis = RedisServer.start("header");
             ServerProcess java = ServerProcess.java("redis-header", Map.of("SESSION_TYPE", "redis",
                     "SESSION_REDIS", redis.url(), "SECRET_KEY", "header-secret-0123456789",
                     "SESSION_USE_SIGNER", "true", "SESSION_HEADER_NAME", HEADER))) {
            Http.Reply created = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"");
            String id = created.raw().headers().firstValue(HEADER).orElseThrow(() -> new AssertionError("no " + HEADER));
            assertEquals(created.cookie("session").orElseThrow(), id, "the same (signed) id as the cookie");
            assertTrue(created.vary().orElse("").contains(HEADER), created.vary().toString());

            Http.Reply read = Http.send("GET", java.url("/api/session"), null, null, HEADER, id);
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", read.body());
            assertEquals(Optional.empty(), read.raw().headers().firstValue(HEADER), "an existing id is not sent again");
            assertEquals(Optional.of("Cookie, " + HEADER), read.vary());

            Http.Reply regenerated = Http.send("POST", java.url("/api/session/regenerate"), null, null, HEADER, id);
            String newId = regenerated.raw().headers().firstValue(HEADER).orElseThrow();
            assertNotEquals(id, newId);
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}",
                    Http.send("GET", java.url("/api/session"), null, null, HEADER, newId).body());
            assertEquals("{\"_permanent\":true}", Http.send("GET", java.url("/api/session"), null, null, HEADER, id).body(),
                    "the old id opens nothing");
            assertEquals("{\"_permanent\":true}", Http.send("GET", java.url("/api/session"), null, null, HEADER,
                    "forged." + newId.substring(newId.indexOf('.') + 1)).body(), "a forged id opens nothing");
        }
    }

    @Test
    void aHeaderNameWithCookieSessionsFailsTheStartNamingTheSetting() {
        ServerProcess refused = ServerProcess.startJava("cookie-header", Map.of("SECRET_KEY", "header-secret-0123456789",
                "SESSION_HEADER_NAME", HEADER));
        assertEquals(1, refused.awaitExit(java.time.Duration.ofSeconds(60)));
        assertTrue(refused.log().contains("SESSION_HEADER_NAME"), refused.log());
    }
}
