package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two copies of the sample application that differ only in {@code beans.xml}, each in its own bean archive apart from
 * the library's, as in a WAR: one line in {@code <alternatives>} moves the library's filter onto Redis.
 */
class BeansXmlSelectionTest {
    private static RedisServer redis;
    private static ServerProcess cookieApp;
    private static ServerProcess redisApp;

    private static Map<String, String> env() {
        return Map.of("SESSION_REDIS", redis.url(), "SECRET_KEY", "beans-xml-selection-secret", "SESSION_KEY_PREFIX", "sample:");
    }

    @BeforeAll
    static void start() {
        redis = RedisServer.start("beans-xml");
        cookieApp = ServerProcess.sample("sample-cookie", "cookie", env());
        redisApp = ServerProcess.sample("sample-redis", "redis", env());
    }

    @AfterAll
    static void stop() {
        cookieApp.close();
        redisApp.close();
        redis.close();
    }

    @Test
    void theBeansXmlLineSwitchesTheLibrarysBackend() {
        try (Jedis jedis = redis.client()) {
            String cookieValue = Http.send("PUT", cookieApp.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertEquals(Set.of(), jedis.keys("sample:*"), "the cookie variant stores nothing in Redis");
            assertEquals(3, cookieValue.split("\\.").length, "a signed cookie payload: " + cookieValue);

            String sid = Http.send("PUT", redisApp.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertEquals(Set.of("sample:" + sid), jedis.keys("sample:*"), "the Redis variant stores under the id");
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", Http.get(redisApp.url("/api/session"), "session=" + sid).body());
        }
        assertTrue(redisApp.log().contains("active backend dev.flasksession.redis.RedisSessionInterface"), redisApp.log());
        assertTrue(cookieApp.log().contains("active backend dev.flasksession.session.SecureCookieSessionInterface"));
    }

    @Test
    void interceptorsGuardAndUpgradeTheSession() {
        for (ServerProcess app : new ServerProcess[] {cookieApp, redisApp}) {
            Http.Reply anonymous = Http.get(app.url("/api/me"), null);
            assertEquals(401, anonymous.status());
            assertEquals("{\"detail\":\"The session lacks [user]\",\"missing\":[\"user\"],\"status\":401,\"title\":\"Session required\"}",
                    anonymous.body());

            String before = Http.send("PUT", app.url("/api/session/cart"), null, "[1]").cookie("session").orElseThrow();
            Http.Reply login = Http.send("POST", app.url("/api/login/ann"), "session=" + before, null);
            assertEquals(204, login.status());
            String after = login.cookie("session").orElseThrow();
            assertTrue(login.setCookies().get(0).contains("; Expires="), "permanent after sign-in: " + login.setCookies());
            assertEquals("ann", Http.get(app.url("/api/me"), "session=" + after).body());
            if (app == redisApp) {
                assertNotEquals(before, after, "a new id after sign-in");
                assertEquals("{\"_permanent\":true}", Http.get(app.url("/api/session"), "session=" + before).body(),
                        "the old id opens nothing");
            }
        }
    }

    @Test
    void eventsFireOncePerChangeAndNeverForReads() {
        String sid = Http.send("PUT", redisApp.url("/api/session/a"), null, "1").cookie("session").orElseThrow();
        Map<String, Object> base = counts(redisApp);
        Http.get(redisApp.url("/api/session"), "session=" + sid);
        Http.get(redisApp.url("/api/ping"), "session=" + sid);
        assertEquals(base, counts(redisApp), "reads fire nothing");

        String fresh = Http.send("PUT", redisApp.url("/api/session/a"), null, "1").cookie("session").orElseThrow();
        assertEquals(delta(base, "created", 1, "saved", 1), counts(redisApp));
        Map<String, Object> afterCreate = counts(redisApp);
        String moved = Http.send("POST", redisApp.url("/api/session/regenerate"), "session=" + fresh, null).cookie("session").orElseThrow();
        assertEquals(delta(afterCreate, "regenerated", 1, "saved", 1), counts(redisApp));
        Map<String, Object> afterMove = counts(redisApp);
        Http.send("DELETE", redisApp.url("/api/session"), "session=" + moved, null);
        assertEquals(delta(afterMove, "cleared", 1), counts(redisApp));
        assertFalse(moved.equals(fresh));
    }

    /**
     * A late save on an id that a sign-in moved meanwhile writes nothing, so it fires nothing: no SessionSaved for a
     * save that did not happen.
     */
    @Test
    void aSaveThatWroteNothingFiresNothing() {
        String sid = Http.send("PUT", redisApp.url("/api/session/a"), null, "1").cookie("session").orElseThrow();
        java.util.concurrent.CompletableFuture<Http.Reply> late = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Http.send("PUT", redisApp.url("/api/slow/late?ms=1500"), "session=" + sid, "1"));
        ServerProcess.sleep(500);
        Map<String, Object> beforeMove = counts(redisApp);
        Http.send("POST", redisApp.url("/api/session/regenerate"), "session=" + sid, null);
        Map<String, Object> afterMove = counts(redisApp);
        assertEquals(delta(beforeMove, "regenerated", 1, "saved", 1), afterMove);
        Http.Reply lateReply = late.join();
        assertEquals(java.util.Optional.empty(), lateReply.cookie("session"),
                "a late save on a moved id leaves the cookie alone: " + lateReply.setCookies());
        assertEquals(afterMove, counts(redisApp), "the late save wrote nothing and fired nothing");
    }

    private static Map<String, Object> counts(ServerProcess app) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(Http.get(app.url("/api/events"), null).body(), Map.class);
            return m;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> delta(Map<String, Object> base, Object... changes) {
        Map<String, Object> out = new java.util.TreeMap<>(base);
        for (int i = 0; i < changes.length; i += 2) {
            out.merge((String) changes[i], changes[i + 1], (a, b) -> (Integer) a + (Integer) b);
        }
        return out;
    }

    @Test
    void badSetupsFailTheDeploymentWithTheExtensionsMessage() {
        try (ServerProcess two = ServerProcess.startSample("sample-two-backends", "two", env())) {
            assertEquals(1, two.awaitExit(Duration.ofSeconds(60)));
            assertTrue(two.log().contains("beans.xml selects more than one session backend")
                    && two.log().contains("Keep one <class> line"), two.log());
        }
        try (ServerProcess bad = ServerProcess.startSample("sample-bad-samesite", "cookie",
                Map.of("SECRET_KEY", "beans-xml-selection-secret", "SESSION_COOKIE_SAMESITE", "None"))) {
            assertEquals(1, bad.awaitExit(Duration.ofSeconds(60)));
            assertTrue(bad.log().contains("SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE=true"), bad.log());
        }
        try (ServerProcess shortKey = ServerProcess.startSample("sample-short-key", "cookie", Map.of("SECRET_KEY", "short"))) {
            assertEquals(1, shortKey.awaitExit(Duration.ofSeconds(60)));
            assertTrue(shortKey.log().contains("SECRET_KEY is 5 bytes, too short"), shortKey.log());
        }
    }
}
