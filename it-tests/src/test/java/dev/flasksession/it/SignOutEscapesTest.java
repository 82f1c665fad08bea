package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.redis.RedisSessionSettings;
import dev.flasksession.redis.RedisSignOutStore;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.users.SignOut;
import dev.flasksession.users.SignOutCheck;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Jedis;

/**
 * No way around "sign out everywhere" and the timeouts, with sessions the real Flask 3.1.3 and Flask-Session 0.8.0
 * made (no time stamps of ours): a request in flight across the sign-out, a replayed cookie, a sign-in in the same
 * second, "everywhere else", the per-user cap and the per-user index, on real Redis and on signed cookies.
 */
class SignOutEscapesTest {
    private static final String KEY = "escapes-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> cookieEnv(RedisServer redis) {
        return new HashMap<>(Map.of("SECRET_KEY", KEY, "SESSION_TRACK_USERS", "true", "SESSION_REDIS", redis.url()));
    }

    private static Map<String, String> redisEnv(RedisServer redis) {
        Map<String, String> env = cookieEnv(redis);
        env.put("SESSION_TYPE", "redis");
        return env;
    }

    private static String signIn(ServerProcess server, String user) {
        Http.Reply r = Http.send("PUT", server.url("/api/session/_user_id"), null, "\"" + user + "\"");
        assertEquals(204, r.status(), r.body());
        return "session=" + r.cookie("session").orElseThrow();
    }

    private static boolean signedIn(ServerProcess server, String cookie, String user) {
        Http.Reply r = Http.get(server.url("/api/session"), cookie);
        assertEquals(200, r.status(), r.body());
        return r.body().contains("\"_user_id\":\"" + user + "\"");
    }

    /** A request that opens the session now and saves it about two seconds later, after a sign-out in between. */
    private static Http.Reply slowWriteAcrossSignOut(ServerProcess java, String cookie, String user) {
        CompletableFuture<Http.Reply> slow = CompletableFuture.supplyAsync(
                () -> Http.send("PUT", java.url("/test/slow/note?ms=2100"), cookie, "\"written late\""));
        ServerProcess.sleep(300);
        assertEquals(204, Http.send("DELETE", java.url("/api/users/" + user + "/sessions"), null, null).status());
        Http.Reply reply = slow.join();
        assertEquals(204, reply.status(), reply.body());
        return reply;
    }

    @Test
    void aFlaskCookieInFlightAcrossASignOutDoesNotComeBack() {
        try (RedisServer redis = RedisServer.start("escape-cookie");
             ServerProcess flask = ServerProcess.flask("escape-cookie-flask", Map.of("SECRET_KEY", KEY));
             ServerProcess java = ServerProcess.java("escape-cookie-java", cookieEnv(redis))) {
            String minted = signIn(flask, "ann");
            assertTrue(signedIn(java, minted, "ann"), "Flask's cookie opens here");
            Http.Reply late = slowWriteAcrossSignOut(java, minted, "ann");
            String written = late.cookie("session").map(v -> "session=" + v).orElse(minted);
            assertFalse(signedIn(java, written, "ann"), "what the late save wrote opens signed out");
            assertFalse(signedIn(java, minted, "ann"), "so does the cookie Flask minted");
            ServerProcess.sleep(1100);
            assertFalse(signedIn(java, written, "ann"), "and stays so: it was not stamped as a new session");
        }
    }

    @Test
    void aFlaskSessionValueInFlightAcrossASignOutIsDeletedNotRewritten() {
        try (RedisServer redis = RedisServer.start("escape-redis");
             Jedis jedis = redis.client();
             ServerProcess flask = ServerProcess.flask("escape-redis-flask", Map.of("SECRET_KEY", KEY,
                     "SESSION_TYPE", "redis", "SESSION_REDIS", redis.url()));
             ServerProcess java = ServerProcess.java("escape-redis-java", redisEnv(redis))) {
            String minted = signIn(flask, "ann");
            String sid = minted.substring("session=".length());
            assertTrue(signedIn(flask, minted, "ann"));
            assertFalse(jedis.exists("session:user:ann"), "Flask-Session indexes nothing: sign-out cannot find it");
            // The first request this side sees of it straddles the sign-out.
            slowWriteAcrossSignOut(java, minted, "ann");
            assertFalse(jedis.exists("session:" + sid), "the late save deleted the value instead of writing it back");
            assertFalse(signedIn(java, minted, "ann"));
            assertFalse(signedIn(flask, minted, "ann"), "the Flask app sees it gone too");
        }
    }

    @Test
    void aFlaskCookieEscapesNeitherTimeout() {
        for (String timeout : List.of("SESSION_ABSOLUTE_TIMEOUT", "SESSION_IDLE_TIMEOUT")) {
            try (ServerProcess flask = ServerProcess.flask("timeout-flask", Map.of("SECRET_KEY", KEY));
                 ServerProcess java = ServerProcess.java("timeout-java", Map.of("SECRET_KEY", KEY, timeout, "3"))) {
                String minted = signIn(flask, "ann");
                Http.Reply first = Http.get(java.url("/api/session"), minted);
                assertTrue(first.body().contains("ann"), timeout + ": " + first.body());
                String stamped = first.cookie("session").map(v -> "session=" + v).orElse(minted);
                // Whole seconds, as Flask stores them: 4.5 s of real time reads as 4 or 5, never below 3.
                ServerProcess.sleep(4500);
                for (String replayed : List.of(minted, stamped)) {
                    Http.Reply late = Http.get(java.url("/api/session"), replayed);
                    assertEquals("{}", late.body(), timeout + ": a replay after the timeout opens empty");
                }
            }
        }
    }

    @Test
    void aSignInRightAfterASignOutEverywhereStaysSignedIn() {
        try (RedisServer redis = RedisServer.start("same-second")) {
            for (Map<String, String> env : List.of(redisEnv(redis), cookieEnv(redis))) {
                try (ServerProcess java = ServerProcess.java("same-second-" + env.getOrDefault("SESSION_TYPE", "cookie"), env)) {
                    for (int i = 0; i < 5; i++) {
                        String before = signIn(java, "ann");
                        assertEquals(204, Http.send("DELETE", java.url("/api/users/ann/sessions"), null, null).status());
                        String after = signIn(java, "ann");
                        assertTrue(signedIn(java, after, "ann"), "the sign-in after the sign-out holds (" + i + ")");
                        assertTrue(signedIn(java, after, "ann"), "and on the request after that");
                        assertFalse(signedIn(java, before, "ann"), "the one before is ended (" + i + ")");
                    }
                }
            }
        }
    }

    @Test
    void signOutEverywhereElseKeepsThisDevice() {
        try (RedisServer redis = RedisServer.start("else")) {
            for (Map<String, String> env : List.of(redisEnv(redis), cookieEnv(redis))) {
                try (ServerProcess java = ServerProcess.java("else-" + env.getOrDefault("SESSION_TYPE", "cookie"), env)) {
                    String laptop = signIn(java, "ann");
                    String phone = signIn(java, "ann");
                    String bob = signIn(java, "bob");
                    assertEquals(403, Http.send("DELETE", java.url("/api/users/ann/sessions/others"), bob, null).status(),
                            "only from one of ann's own sessions");
                    Http.Reply r = Http.send("DELETE", java.url("/api/users/ann/sessions/others"), laptop, null);
                    assertEquals(204, r.status(), r.body());
                    String kept = r.cookie("session").map(v -> "session=" + v).orElse(laptop);
                    assertTrue(signedIn(java, kept, "ann"), "this device goes on");
                    ServerProcess.sleep(1100);
                    assertTrue(signedIn(java, kept, "ann"), "and still does a second later");
                    assertFalse(signedIn(java, phone, "ann"), "the other device is signed out");
                    assertTrue(signedIn(java, bob, "bob"), "another user is untouched");
                }
            }
        }
    }

    @Test
    void theCapCountsOnlyTheOtherSessionsWhenAnOlderSessionSignsIn() throws Exception {
        try (RedisServer redis = RedisServer.start("cap-older")) {
            Map<String, String> env = redisEnv(redis);
            env.put("SESSION_MAX_PER_USER", "2");
            // Stamps _fsc_created on the anonymous session too, when it begins.
            env.put("SESSION_ABSOLUTE_TIMEOUT", "3600");
            try (ServerProcess java = ServerProcess.java("cap-older", env)) {
                Http.Reply cart = Http.send("PUT", java.url("/api/session/cart"), null, "[1]");
                String anonymous = "session=" + cart.cookie("session").orElseThrow();
                ServerProcess.sleep(1100);
                String first = signIn(java, "ann");
                ServerProcess.sleep(1100);
                String second = signIn(java, "ann");
                // The anonymous session is older than both, by _fsc_created: it signs in last.
                assertEquals(204, Http.send("PUT", java.url("/api/session/_user_id"), anonymous, "\"ann\"").status());
                Http.Reply listed = Http.get(java.url("/api/users/ann/sessions"), null);
                assertEquals(2, JSON.readValue(listed.body(), List.class).size(), listed.body());
                assertTrue(signedIn(java, anonymous, "ann"), "the session signing in is kept");
                assertFalse(signedIn(java, first, "ann"), "the oldest other session is ended");
                assertTrue(signedIn(java, second, "ann"));
            }
        }
    }

    @Test
    void thePerUserIndexStaysBoundedBetweenReads() {
        try (RedisServer redis = RedisServer.start("index-bound");
             Jedis jedis = redis.client();
             ServerProcess java = ServerProcess.java("index-bound", redisEnv(redis))) {
            for (int i = 0; i < 300; i++) {
                String cookie = signIn(java, "ann");
                assertEquals(204, Http.send("DELETE", java.url("/api/session"), cookie, null).status());
            }
            assertTrue(jedis.hlen("session:user:ann") <= 1, "300 sign-ins and sign-outs leave at most one entry, not "
                    + jedis.hlen("session:user:ann"));
            // Sessions that end without a request (their TTL runs out; here deleted behind the library's back) are
            // cleaned when the next session joins the index, not only when it is read.
            for (int i = 0; i < 50; i++) {
                String sid = signIn(java, "bob").substring("session=".length());
                jedis.del("session:" + sid);
            }
            signIn(java, "bob");
            assertEquals(1, jedis.hlen("session:user:bob"), "the 50 dead entries were dropped at write time");
        }
    }

    /**
     * Opening renews nothing before the checks: a request that opens a signed-out Flask-Session value and never gets
     * to save it (a 503, a client gone) must not make the value look freshly written to the next one.
     */
    @Test
    void anOpenThatNeverSavesLeavesNoFreshProofBehind() {
        try (RedisServer redis = RedisServer.start("proof");
             ServerProcess flask = ServerProcess.flask("proof-flask", Map.of("SECRET_KEY", KEY,
                     "SESSION_TYPE", "redis", "SESSION_REDIS", redis.url()));
             JedisPooled client = new JedisPooled("127.0.0.1", redis.port())) {
            String minted = signIn(flask, "ann");
            Map<String, String> env = redisEnv(redis);
            env.remove("SESSION_TYPE");
            SessionConfig config = SessionConfig.from(ConfigSource.of(env));
            RedisSessionInterface backend = new RedisSessionInterface(config,
                    RedisSessionSettings.from(ConfigSource.of(env)), client, Clock.systemUTC());
            RedisSignOutStore store = new RedisSignOutStore(() -> client, backend.settings());
            ServerProcess.sleep(1100);
            store.signOut("ann", SignOut.now(System.currentTimeMillis(), Optional.empty()), 3600);
            ServerProcess.sleep(1100);
            SessionRequest request = SessionRequest.fromCookieHeaders(List.of(minted));
            for (int i = 0; i < 2; i++) {
                FlaskSession opened = backend.openSession(request);
                SignOutCheck.endIfSignedOut(backend, opened, store);
                assertTrue(opened.wasExpired(), "open " + i + " is signed out: " + opened);
            }
        }
    }
}
