package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Idle and absolute timeouts in real time, over HTTP, on signed cookies and on real Redis. */
class TimeoutsHttpTest {
    @Test
    void anIdleCookieSessionEndsAndItsCookieIsDeleted() {
        try (ServerProcess java = ServerProcess.java("idle-cookie", Map.of("SECRET_KEY", "timeouts-secret-0123",
                "SESSION_IDLE_TIMEOUT", "3"))) {
            String cookie = "session=" + Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"")
                    .cookie("session").orElseThrow();
            // Times are whole seconds, as Flask stores them: 1 s of real time can read as 2, never as 3.
            ServerProcess.sleep(1000);
            Http.Reply alive = Http.get(java.url("/api/session"), cookie);
            assertTrue(alive.body().contains("\"user\":\"ann\""), alive.body());
            cookie = alive.cookie("session").map(v -> "session=" + v).orElse(cookie);
            ServerProcess.sleep(4500);
            Http.Reply expired = Http.get(java.url("/api/session"), cookie);
            assertEquals("{}", expired.body());
            assertEquals(List.of("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"),
                    expired.setCookies());
        }
    }

    @Test
    void anActiveRedisSessionStillEndsAtTheAbsoluteTimeout() {
        try (RedisServer redis = RedisServer.start("absolute");
             ServerProcess java = ServerProcess.java("absolute-redis", Map.of("SESSION_TYPE", "redis",
                     "SESSION_REDIS", redis.url(), "SECRET_KEY", "timeouts-secret-0123", "SESSION_ABSOLUTE_TIMEOUT", "3"));
             Jedis jedis = redis.client()) {
            String sid = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            for (int i = 0; i < 4; i++) {
                ServerProcess.sleep(500);
                assertEquals(204, Http.send("PUT", java.url("/api/session/n"), "session=" + sid, String.valueOf(i)).status());
            }
            ServerProcess.sleep(1500);
            Http.Reply expired = Http.get(java.url("/api/session"), "session=" + sid);
            assertFalse(expired.body().contains("ann"), expired.body());
            assertFalse(jedis.exists("session:" + sid), "the expired value is deleted");
            Http.Reply again = Http.send("PUT", java.url("/api/session/user"), "session=" + sid, "\"bob\"");
            assertFalse(again.cookie("session").orElseThrow().equals(sid), "a new session never carries on the old id");
        }
    }
}
