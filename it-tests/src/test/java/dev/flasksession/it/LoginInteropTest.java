package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.login.RememberCookie;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flask-Login 0.6.3 on the real Flask 3.1.3 and our demo, one signed-in user across both, on signed cookies and on
 * Redis (Flask-Session 0.8): logins made on either side, the session a login leaves key for key, the remember-me
 * cookie byte for byte, a login restored from that cookie, a logout, and hostile remember cookies. Both sides run
 * with {@code SESSION_PROTECTION=strong} and remember-cookie settings off their defaults, and both see the same
 * client (address and User-Agent), so both compute the same {@code _id}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginInteropTest {
    private static final String UA = "Mozilla/5.0 (login-interop)";
    private static final Pattern EXPIRES = Pattern.compile("; Expires=([^;]+)");

    private RedisServer redis;
    private final Map<String, ServerProcess[]> peers = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        redis = RedisServer.start("login-interop");
        for (String type : List.of("securecookie", "redis")) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SECRET_KEY", "login-interop-secret-0123456789");
            env.put("FLASK_LOGIN", "1");
            env.put("SESSION_PROTECTION", "strong");
            env.put("REMEMBER_COOKIE_DURATION", "86400");
            env.put("REMEMBER_COOKIE_SAMESITE", "Lax");
            env.put("REMEMBER_COOKIE_PATH", "/api");
            if (type.equals("redis")) {
                env.put("SESSION_TYPE", "redis");
                env.put("SESSION_REDIS", redis.url());
                env.put("SESSION_KEY_PREFIX", "login-it:");
            }
            peers.put(type, new ServerProcess[] {ServerProcess.flask("login-flask-" + type, env),
                    ServerProcess.java("login-java-" + type, env)});
        }
    }

    @AfterAll
    void stop() {
        for (ServerProcess[] pair : peers.values()) {
            pair[0].close();
            pair[1].close();
        }
        redis.close();
    }

    private ServerProcess flask(String type) {
        return peers.get(type)[0];
    }

    private ServerProcess java(String type) {
        return peers.get(type)[1];
    }

    /** A browser's cookie jar, as far as these tests need one: Max-Age=0 deletes. */
    static final class Jar {
        final Map<String, String> cookies = new LinkedHashMap<>();

        Http.Reply send(String method, String url, String body, String... headers) {
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
            all[headers.length] = "User-Agent";
            all[headers.length + 1] = UA;
            Http.Reply r = Http.send(method, url, header(), body, all);
            for (String setCookie : r.setCookies()) {
                String first = setCookie.split(";", 2)[0];
                String name = first.substring(0, first.indexOf('='));
                if (setCookie.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, first.substring(name.length() + 1));
                }
            }
            return r;
        }

        String header() {
            return cookies.isEmpty() ? null : cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    private static Optional<String> rememberHeader(Http.Reply r) {
        return r.setCookies().stream().filter(h -> h.startsWith("remember_token=")).findFirst();
    }

    private static Instant expires(String header) {
        Matcher m = EXPIRES.matcher(header);
        assertTrue(m.find(), header);
        return ZonedDateTime.parse(m.group(1), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aLoginMadeOnFlaskIsSeenHere(String type) {
        Jar browser = new Jar();
        assertEquals(204, browser.send("POST", flask(type).url("/api/login"), "{\"user_id\": \"42\"}").status());
        Http.Reply me = browser.send("GET", java(type).url("/api/me"), null);
        assertEquals(200, me.status(), me.body());
        assertEquals("{\"fresh\":true,\"user_id\":\"42\"}", me.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aLoginMadeHereIsSeenByFlaskWithStrongProtection(String type) {
        Jar browser = new Jar();
        assertEquals(204, browser.send("POST", java(type).url("/api/login"), "{\"user_id\": \"7\"}").status());
        Http.Reply me = browser.send("GET", flask(type).url("/api/me"), null);
        assertEquals(200, me.status(), me.body());
        assertEquals("{\"fresh\":true,\"user_id\":\"7\"}", me.body().strip());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aLoginHereLeavesFlaskLoginsSessionAndRememberCookie(String type) {
        Jar ours = new Jar();
        Jar theirs = new Jar();
        String body = "{\"user_id\": \"42\", \"remember\": true}";
        Http.Reply javaLogin = ours.send("POST", java(type).url("/api/login"), body);
        Http.Reply flaskLogin = theirs.send("POST", flask(type).url("/api/login"), body);
        assertEquals(204, javaLogin.status());
        assertEquals(204, flaskLogin.status());
        assertEquals(theirs.send("GET", flask(type).url("/api/session"), null).body(),
                ours.send("GET", java(type).url("/api/session"), null).body(), "the same keys and values");

        String ourCookie = rememberHeader(javaLogin).orElseThrow(() -> new AssertionError(javaLogin.setCookies()));
        String theirCookie = rememberHeader(flaskLogin).orElseThrow();
        assertEquals(EXPIRES.matcher(theirCookie).replaceAll(""), EXPIRES.matcher(ourCookie).replaceAll(""),
                "the remember cookie, byte for byte but for the time it was made");
        Duration apart = Duration.between(expires(theirCookie), expires(ourCookie)).abs();
        assertTrue(apart.toSeconds() <= 5, theirCookie + " vs " + ourCookie);
        assertTrue(ourCookie.contains("SameSite=Lax") && ourCookie.contains("Path=/api"), ourCookie);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aLoginRestoredHereFromTheRememberCookieLeavesFlaskLoginsSession(String type) {
        Jar flaskLogin = new Jar();
        flaskLogin.send("POST", flask(type).url("/api/login"), "{\"user_id\": \"42\", \"remember\": true}");
        String remember = flaskLogin.cookies.get("remember_token");
        assertTrue(remember != null && remember.startsWith("42|"), flaskLogin.cookies.toString());

        Jar ours = new Jar();
        ours.cookies.put("remember_token", remember);
        Http.Reply me = ours.send("GET", java(type).url("/api/me"), null);
        assertEquals(200, me.status(), me.body());
        assertEquals("{\"fresh\":false,\"user_id\":\"42\"}", me.body());
        Jar theirs = new Jar();
        theirs.cookies.put("remember_token", remember);
        Http.Reply flaskMe = theirs.send("GET", flask(type).url("/api/me"), null);
        assertEquals(200, flaskMe.status(), flaskMe.body());
        assertEquals(theirs.send("GET", flask(type).url("/api/session"), null).body(),
                ours.send("GET", java(type).url("/api/session"), null).body(), "the restored sessions are the same");

        // Without the remember cookie, Flask treats the session restored here as its own: a restored login has no
        // "_id", so strong protection signs it out on the next request, on either side.
        Jar ourSessionOnly = new Jar();
        ourSessionOnly.cookies.put("session", ours.cookies.get("session"));
        Jar theirSessionOnly = new Jar();
        theirSessionOnly.cookies.put("session", theirs.cookies.get("session"));
        assertEquals(theirSessionOnly.send("GET", flask(type).url("/api/me"), null).status(),
                ourSessionOnly.send("GET", flask(type).url("/api/me"), null).status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aLogoutHereSignsOutOnFlaskAndDeletesTheRememberCookie(String type) {
        Jar theirs = new Jar();
        theirs.send("POST", flask(type).url("/api/login"), "{\"user_id\": \"42\", \"remember\": true}");
        Http.Reply flaskLogout = theirs.send("POST", flask(type).url("/api/logout"), null);

        Jar browser = new Jar();
        browser.send("POST", flask(type).url("/api/login"), "{\"user_id\": \"42\", \"remember\": true}");
        assertTrue(browser.cookies.containsKey("remember_token"));
        Http.Reply logout = browser.send("POST", java(type).url("/api/logout"), null);
        assertEquals(204, logout.status());
        assertEquals(rememberHeader(flaskLogout).orElseThrow(() -> new AssertionError(flaskLogout.setCookies())),
                rememberHeader(logout).orElseThrow(() -> new AssertionError(logout.setCookies())),
                "the remember cookie is deleted as Flask-Login deletes it");
        assertFalse(browser.cookies.containsKey("remember_token"));
        Http.Reply me = browser.send("GET", flask(type).url("/api/me"), null);
        assertEquals(401, me.status(), "signed out on Flask too: " + me.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aHostileRememberCookieGivesNoUserAndNoError(String type) {
        Jar flaskLogin = new Jar();
        flaskLogin.send("POST", flask(type).url("/api/login"), "{\"user_id\": \"42\", \"remember\": true}");
        String real = flaskLogin.cookies.get("remember_token");
        char last = real.charAt(real.length() - 1);
        List<String> hostile = List.of(
                real.substring(0, real.length() - 1) + (last == '0' ? '1' : '0'),
                "43" + real.substring(2),
                new RememberCookie("another-secret-key-0123456789").encode("42"),
                "42", "|", "42|", "%%%", "\"42|abc\"", "x".repeat(3000), "42|" + "0".repeat(128));
        for (String value : hostile) {
            Jar browser = new Jar();
            browser.cookies.put("remember_token", value);
            Http.Reply me = browser.send("GET", java(type).url("/api/me"), null);
            assertEquals(401, me.status(), value + ": " + me.body());
            assertTrue(me.body().contains("Login required"), me.body());
            assertFalse(browser.cookies.containsKey("session"), "no session is started for " + value);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void sessionProtectionSeesTheSameClientBehindAProxyAsFlask(String type) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (ServerProcess side : List.of(flask(type), java(type))) {
            Http.Reply login = Http.send("POST", flask(type).url("/api/login"), null, "{\"user_id\": \"9\"}",
                    "User-Agent", UA, "X-Forwarded-For", "203.0.113.7, 10.0.0.2");
            String cookie = "session=" + login.cookie("session").orElseThrow();
            Http.Reply same = Http.send("GET", side.url("/api/me"), cookie, null, "User-Agent", UA,
                    "X-Forwarded-For", "203.0.113.7, 10.9.9.9");
            assertEquals("{\"fresh\":true,\"user_id\":\"9\"}", same.body().strip(), "the first hop is the client");
            Http.Reply other = Http.send("GET", side.url("/api/me"), cookie, null, "User-Agent", UA,
                    "X-Forwarded-For", "198.51.100.1, 10.0.0.2");
            // A 401's body is each side's own (Flask's HTML page, our JSON problem); a 200's is the same JSON.
            answers.put(side == java(type) ? "java" : "flask",
                    other.status() + (other.status() == 200 ? " " + other.body().strip() : ""));
        }
        assertEquals(answers.get("flask"), answers.get("java"), "another client, as Flask-Login answers it");
        // Strong protection signs a non-permanent session out; Flask-Session's sessions are permanent, so there the
        // login is only marked not fresh, as in basic mode.
        assertTrue(answers.get("java").startsWith(type.equals("redis") ? "200 {\"fresh\":false" : "401"),
                answers.toString());
    }
}
