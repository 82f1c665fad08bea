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
    private PeerPairs peers;

    @BeforeAll
    void start() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRET_KEY", "flash-interop-secret-0123456789");
        peers = PeerPairs.start("flash", env);
    }

    @AfterAll
    void stop() {
        peers.close();
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
        ServerProcess flask = peers.flask(type);
        ServerProcess java = peers.java(type);
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
        ServerProcess flask = peers.flask(type);
        ServerProcess java = peers.java(type);
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

    /**
     * {@code flash(Markup(...))}: on signed cookies the message stays {@code Markup} both ways (the tagged
     * {@code " m"}). Flask-Session 0.8's msgspec cannot encode {@code Markup} at all (Flask answers 500), so on
     * Redis only ours crosses, and as a plain string, as msgspec would write a {@code str}.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void markupStaysMarkupOnSignedCookies(String type) {
        ServerProcess flask = peers.flask(type);
        ServerProcess java = peers.java(type);
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        if (type.equals("securecookie")) {
            assertEquals(204, browser.send("POST", flask.url("/api/flash"),
                    "{\"message\": \"<b>Saved</b>\", \"markup\": true}").status());
            assertEquals("[[\"message\",\"<b>Saved</b>\",\"markup\"]]",
                    browser.send("GET", java.url("/test/flash-types"), null).body().strip(), "Flask's Markup, here");
            assertEquals("[]", browser.send("GET", flask.url("/api/flashes"), null).body().strip());
        } else {
            assertEquals(500, browser.send("POST", flask.url("/api/flash"),
                    "{\"message\": \"<b>Saved</b>\", \"markup\": true}").status(),
                    "msgspec: Encoding objects of type Markup is unsupported");
        }
        String kind = type.equals("securecookie") ? "markup" : "str";
        assertEquals(204, browser.send("POST", java.url("/test/flash-markup"), "<i>Done</i>").status());
        assertEquals("[[\"message\",\"<i>Done</i>\",\"" + kind + "\"]]",
                browser.send("GET", flask.url("/api/flashes?types=1"), null).body().strip(), "ours, read by Flask");
        assertEquals("[]", browser.send("GET", java.url("/test/flash-types"), null).body().strip());
    }
}
