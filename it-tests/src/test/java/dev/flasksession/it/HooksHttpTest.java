package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@code SessionHook} bean of the application, over real HTTP on the embedded server: it reads every header, the
 * method, the target and the peer's address, in eager and lazy mode and on the cookie and Redis backends, and sets a
 * cookie and headers of its own; a request it ignores carries only the library's bytes.
 */
class HooksHttpTest {
    private static final String SECRET = "hooks-secret-0123456789";

    private static void seesTheRequestAndWritesTheResponse(ServerProcess server) {
        Http.Reply put = Http.send("PUT", server.url("/api/session/a?page=2"), null, "1",
                TestHooks.TRIGGER, "one", TestHooks.TRIGGER, "two", "User-Agent", "hooks-test/1.0");
        assertEquals(204, put.status(), put.body());
        assertEquals(Optional.of("PUT /api/session/a?page=2"), put.raw().headers().firstValue("X-Hook-Request"));
        assertEquals(Optional.of("127.0.0.1"), put.raw().headers().firstValue("X-Hook-Remote"));
        String trigger = put.raw().headers().firstValue("X-Hook-Trigger").orElseThrow();
        assertTrue(trigger.contains("one") && trigger.contains("two"), trigger);
        assertEquals(Optional.of("hooks-test/1.0"), put.raw().headers().firstValue("X-Hook-User-Agent"));
        assertEquals(Optional.of("seen"), put.cookie("hook"), put.setCookies().toString());
        assertEquals(Optional.of("modified"), put.raw().headers().firstValue("X-Hook-After"));
        String cookie = "session=" + put.cookie("session").orElseThrow(() -> new AssertionError(put.setCookies()));

        Http.Reply opened = Http.send("GET", server.url("/api/session"), cookie, null,
                TestHooks.TRIGGER, "on", TestHooks.PUT_ON_OPEN, "v");
        assertEquals(200, opened.status(), opened.body());
        assertTrue(opened.body().contains("\"hook_opened\":\"v\""), "the hook changed the session before the "
                + "resource read it: " + opened.body());

        Http.Reply ignored = Http.get(server.url("/api/session"), cookie);
        assertEquals(200, ignored.status());
        assertEquals(Optional.empty(), ignored.cookie("hook"));
        assertFalse(ignored.raw().headers().firstValue("X-Hook-Request").isPresent());
    }

    @Test
    void aHookSeesTheRequestAndWritesTheResponseOnCookieSessions() {
        try (ServerProcess server = ServerProcess.java("hooks-cookie", Map.of("SECRET_KEY", SECRET))) {
            seesTheRequestAndWritesTheResponse(server);
        }
    }

    @Test
    void aHookSeesTheWholeRequestInLazyModeToo() {
        try (ServerProcess server = ServerProcess.java("hooks-lazy", Map.of("SECRET_KEY", SECRET,
                "SESSION_LAZY_OPEN", "true"))) {
            seesTheRequestAndWritesTheResponse(server);
        }
    }

    @Test
    void aHookSeesTheRequestAndWritesTheResponseOnRedisSessions() {
        try (RedisServer redis = RedisServer.start("hooks-redis");
             ServerProcess server = ServerProcess.java("hooks-redis", Map.of("SECRET_KEY", SECRET,
                     "SESSION_TYPE", "redis", "SESSION_REDIS", redis.url()))) {
            seesTheRequestAndWritesTheResponse(server);
        }
    }
}
