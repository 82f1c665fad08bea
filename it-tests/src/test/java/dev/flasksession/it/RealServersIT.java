package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The sample WARs on real WildFly 39, Payara Micro 6, GlassFish 7, Open Liberty and TomEE 10 (its
 * {@code tomee-embedded} 10.0.0-M2 milestone, the only TomEE 10 on Maven Central; see {@link TomEEServer}): the
 * cookie variant and the Redis variant (chosen only in {@code WEB-INF/beans.xml}) pass the same interop cases as the
 * embedded stack, with the real Flask and Flask-Session as peers; bad setups fail their deployment with the
 * extension's message. The same sample built as a Quarkus application passes the same cases, its variants chosen
 * by {@code SESSION_TYPE}. The lazy runs repeat the interop cases with {@code SESSION_LAZY_OPEN} on RESTEasy
 * (WildFly), Jersey (Payara), CXF (TomEE) and Quarkus REST.
 */
class RealServersIT {
    private static final String COOKIE_WAR = "flask-session-sample";
    private static final String REDIS_WAR = "flask-session-sample-redis";
    /** Lists its own classes, so only Jakarta REST 3.1's ServiceLoader brings the library's providers in. */
    private static final String LISTED_WAR = "flask-session-sample-listed";
    private static RedisServer redis;
    private static ServerProcess flaskCookies;
    private static ServerProcess flaskRedis;
    private static Map<String, String> env;

    @BeforeAll
    static void peers() {
        redis = RedisServer.start("real-servers");
        env = new LinkedHashMap<>();
        env.put("SECRET_KEY", "real-servers-secret-key-0123");
        env.put("SESSION_REDIS", redis.url());
        env.put("SESSION_KEY_PREFIX", "sample:");
        env.put("PERMANENT_SESSION_LIFETIME", "600");
        flaskCookies = ServerProcess.flask("servers-flask", env);
        Map<String, String> flaskSession = new LinkedHashMap<>(env);
        flaskSession.put("SESSION_TYPE", "redis");
        flaskRedis = ServerProcess.flask("servers-flask-session", flaskSession);
    }

    @AfterAll
    static void stopPeers() {
        flaskCookies.close();
        flaskRedis.close();
        redis.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wildfly", "payara", "glassfish", "openliberty", "tomee", "quarkus", "wildfly lazy",
        "payara lazy", "tomee lazy", "quarkus lazy"})
    void bothWarVariantsInteroperateWithFlask(String run) throws Exception {
        String kind = run.split(" ")[0];
        boolean lazy = run.endsWith("lazy");
        Map<String, String> settings = new LinkedHashMap<>(env);
        settings.put("SESSION_LAZY_OPEN", Boolean.toString(lazy));
        // Quarkus builds one application; TomEE 10.0.0-M2's CXF loads no ServiceLoader features (there, an application
        // that lists its classes adds FlaskSessionProviders.classes(), as the README says).
        boolean listing = !kind.equals("quarkus") && !kind.equals("tomee");
        String[] wars = listing ? new String[] {COOKIE_WAR, REDIS_WAR, LISTED_WAR} : new String[] {COOKIE_WAR, REDIS_WAR};
        // Started inside the block, so a start that fails half-way still stops every process it launched.
        try (AppServer server = AppServer.of(kind); Jedis jedis = redis.client()) {
            server.start(settings, wars);
            Target cookies = server.app(COOKIE_WAR);
            Target stored = server.app(REDIS_WAR);
            server.awaitHttp(cookies, 60);
            server.awaitHttp(stored, 60);
            assertTrue(server.log().contains("active backend dev.flasksession.redis.RedisSessionInterface"), server.tail());
            assertTrue(server.log().contains("active backend dev.flasksession.session.SecureCookieSessionInterface"));
            assertEquals(kind.equals("quarkus"), server.log().contains("chosen by SESSION_TYPE"),
                    "the build compatible extension runs on Quarkus only, the portable one everywhere else");

            jedis.flushAll();
            String cookieValue = Http.send("PUT", cookies.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertEquals(Set.of(), jedis.keys("sample:*"), "the cookie variant leaves no key in Redis");
            assertEquals(3, cookieValue.split("\\.").length, "a signed cookie: " + cookieValue);
            Interop.cookieRoundTrip(flaskCookies, cookies);

            String sid = Http.send("PUT", stored.url("/api/session/user"), null, "\"ann\"").cookie("session").orElseThrow();
            assertEquals(Set.of("sample:" + sid), jedis.keys("sample:*"), "the Redis variant leaves session:<id>");
            Interop.redisRoundTrip(flaskRedis, stored, env, redis);

            if (lazy) {
                Map<String, Long> before = redis.commandCalls();
                Http.Reply ping = Http.get(stored.url("/api/ping"), "session=" + sid);
                assertEquals(200, ping.status());
                assertEquals(List.of(), ping.setCookies());
                assertEquals(before.get("getex"), redis.commandCalls().get("getex"), "lazily, ping opens nothing");
            }

            List<Target> apps = new java.util.ArrayList<>(List.of(cookies, stored));
            if (listing) {
                Target listed = server.app(LISTED_WAR);
                server.awaitHttp(listed, 60);
                Http.Reply put = Http.send("PUT", listed.url("/api/session/user"), null, "\"ann\"");
                assertEquals(204, put.status(), server.tail());
                assertTrue(put.cookie("session").isPresent(), "the filter came in through ServiceLoader: " + put.setCookies());
                assertEquals(1, put.setCookies().size(), "registered once: " + put.setCookies());
                apps.add(listed);
            }
            for (Target app : apps) {
                assertEquals(401, Http.get(app.url("/api/me"), null).status());
                String before = Http.send("PUT", app.url("/api/session/x"), null, "1").cookie("session").orElseThrow();
                Http.Reply login = Http.send("POST", app.url("/api/login/ann"), "session=" + before, null);
                String after = login.cookie("session").orElseThrow();
                assertEquals("ann", Http.get(app.url("/api/me"), "session=" + after).body());
                if (app == stored) {
                    assertNotEquals(before, after, "@RegenerateSession gave a new id");
                }
            }
        }
    }

    /** A server answers for an application it failed to deploy with an error; Quarkus's port is simply closed. */
    private static boolean serving(Target app) {
        try {
            return Http.get(app.url("/api/ping"), null).status() == 200;
        } catch (AssertionError refused) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wildfly", "payara", "glassfish", "openliberty", "tomee", "quarkus"})
    void badSetupsFailTheirDeploymentWithTheExtensionsMessage(String kind) {
        Map<String, String> noSecret = new LinkedHashMap<>(env);
        noSecret.remove("SECRET_KEY");
        try (AppServer server = AppServer.of(kind)) {
            server.start(noSecret, "flask-session-sample-bad-settings", "flask-session-sample-redis-signer");
            String log = server.log();
            assertTrue(log.contains("SESSION_COOKIE_SAMESITE: 'Loose' is not accepted; use Strict, Lax or None"), server.tail());
            assertTrue(log.contains("SECRET_KEY: must be set when SESSION_USE_SIGNER is true"), server.tail());
            for (String war : new String[] {"flask-session-sample-bad-settings", "flask-session-sample-redis-signer"}) {
                assertFalse(serving(server.app(war)), war + " must not be serving");
                server.deployed(war).ifPresent(deployed -> assertFalse(deployed, war + " must not be deployed"));
            }
        }
    }
}
