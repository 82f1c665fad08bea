package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flask's {@code flash()} across both sides, against the real Flask 3.1.3 (and Flask-Session 0.8 on Redis): messages
 * left on either side are read on the other exactly once, with their categories, and a category filter returns only
 * its messages while removing all of them, as {@code get_flashed_messages} does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlashInteropTest {
    private RedisServer redis;
    private final Map<String, ServerProcess[]> peers = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        redis = RedisServer.start("flash-interop");
        for (String type : List.of("securecookie", "redis")) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SECRET_KEY", "flash-interop-secret-0123456789");
            if (type.equals("redis")) {
                env.put("SESSION_TYPE", "redis");
                env.put("SESSION_REDIS", redis.url());
                env.put("SESSION_KEY_PREFIX", "flash-it:");
            }
            peers.put(type, new ServerProcess[] {ServerProcess.flask("flash-flask-" + type, env),
                    ServerProcess.java("flash-java-" + type, env)});
        }
    }

    @AfterAll
    void stop() {
        peers.values().forEach(pair -> {
            pair[0].close();
            pair[1].close();
        });
        redis.close();
    }

    private static String flashBoth(ServerProcess first, ServerProcess second, LoginInteropTest.Jar browser) {
        assertEquals(204, browser.send("POST", first.url("/api/flash"), "{\"message\": \"Saved\"}").status());
        assertEquals(204, browser.send("POST", second.url("/api/flash"),
                "{\"message\": \"Wrong password\", \"category\": \"error\"}").status());
        return "[[\"message\",\"Saved\"],[\"error\",\"Wrong password\"]]";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void flashesLeftOnEitherSideAreReadOnTheOtherExactlyOnce(String type) {
        ServerProcess flask = peers.get(type)[0];
        ServerProcess java = peers.get(type)[1];
        for (ServerProcess[] order : List.of(new ServerProcess[] {flask, java}, new ServerProcess[] {java, flask})) {
            LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
            String expected = flashBoth(order[0], order[1], browser);
            ServerProcess reader = order[0];
            assertEquals(expected, browser.send("GET", reader.url("/api/flashes"), null).body().strip());
            assertEquals("[]", browser.send("GET", order[1].url("/api/flashes"), null).body().strip(),
                    "read once: the other side sees none left");
            assertEquals("[]", browser.send("GET", reader.url("/api/flashes"), null).body().strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aCategoryFilterReturnsItsMessagesAndRemovesAll(String type) {
        ServerProcess flask = peers.get(type)[0];
        ServerProcess java = peers.get(type)[1];
        for (ServerProcess reader : List.of(flask, java)) {
            LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
            flashBoth(flask, java, browser);
            assertEquals("[[\"error\",\"Wrong password\"]]",
                    browser.send("GET", reader.url("/api/flashes?category=error"), null).body().strip());
            ServerProcess other = reader == flask ? java : flask;
            assertEquals("[]", browser.send("GET", other.url("/api/flashes"), null).body().strip(),
                    "the filtered-out message is gone too");
        }
    }
}
