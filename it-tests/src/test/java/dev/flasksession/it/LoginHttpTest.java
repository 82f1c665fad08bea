package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Flask-Login's checks and what this library adds to them, over HTTP: the {@code LOGIN_VIEW} redirect and its
 * flashed message as the real Flask-Login makes them, {@code @FreshLoginRequired}, {@code OPTIONS} passing, remember
 * cookies refused after a sign-out everywhere until the user signs in here again, and a remember cookie that never
 * outlives {@code SESSION_ABSOLUTE_TIMEOUT}.
 */
class LoginHttpTest {
    private static final String UA = "Mozilla/5.0 (login-http)";

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRET_KEY", "login-http-secret-0123456789");
        env.put("FLASK_LOGIN", "1");
        return env;
    }

    @Test
    void anAnonymousClientIsRedirectedToTheLoginViewAsFlaskLoginRedirects() {
        Map<String, String> env = env();
        env.put("LOGIN_VIEW", "/login?x=1&y=");
        try (ServerProcess flask = ServerProcess.flask("login-view-flask", env);
             ServerProcess java = ServerProcess.java("login-view-java", env)) {
            String target = "/api/me?a=b%20c&d=%2F";
            Http.Reply theirs = Http.send("GET", flask.url(target), null, null, "User-Agent", UA);
            Http.Reply ours = Http.send("GET", java.url(target), null, null, "User-Agent", UA);
            assertEquals(302, theirs.status());
            assertEquals(302, ours.status(), ours.body());
            assertEquals(theirs.raw().headers().firstValue("Location").orElseThrow(),
                    ours.raw().headers().firstValue("Location").orElseThrow());
            // Flask-Login flashes "Please log in" before it redirects: the same message in the same session key.
            String theirSession = Http.get(flask.url("/api/session"), "session=" + theirs.cookie("session").orElseThrow())
                    .body();
            String ourSession = Http.get(java.url("/api/session"), "session=" + ours.cookie("session").orElseThrow())
                    .body();
            assertEquals(theirSession, ourSession);
            assertTrue(ourSession.contains("Please log in to access this page."), ourSession);
        }
    }

    @Test
    void aLoginThatIsNotFreshIsRefusedByFreshLoginRequired() {
        try (ServerProcess java = ServerProcess.java("login-fresh", env())) {
            assertEquals(401, Http.send("GET", java.url("/test/login/fresh"), null, null).status());
            assertEquals(200, Http.send("OPTIONS", java.url("/test/login/fresh"), null, null).status(),
                    "OPTIONS is exempt, as in Flask-Login");

            Http.Reply stale = Http.send("POST", java.url("/api/login"), null, "{\"user_id\": \"5\", \"fresh\": false}");
            String staleCookie = "session=" + stale.cookie("session").orElseThrow();
            Http.Reply refused = Http.send("GET", java.url("/test/login/fresh"), staleCookie, null);
            assertEquals(401, refused.status());
            assertTrue(refused.body().contains("Fresh login required"), refused.body());
            assertEquals(200, Http.get(java.url("/api/me"), staleCookie).status(), "signed in all the same");

            Http.Reply fresh = Http.send("POST", java.url("/api/login"), null, "{\"user_id\": \"5\"}");
            Http.Reply allowed = Http.get(java.url("/test/login/fresh"), "session=" + fresh.cookie("session").orElseThrow());
            assertEquals(200, allowed.status());
            assertEquals("fresh", allowed.body());
        }
    }

    @Test
    void aSignOutEverywhereRefusesRememberCookiesHereUntilTheUserSignsInHereAgain() {
        RedisServer redis = RedisServer.start("login-revoke");
        try {
            Map<String, String> env = env();
            env.put("SESSION_TYPE", "redis");
            env.put("SESSION_REDIS", redis.url());
            env.put("SESSION_TRACK_USERS", "true");
            try (ServerProcess flask = ServerProcess.flask("login-revoke-flask", env);
                 ServerProcess java = ServerProcess.java("login-revoke-java", env)) {
                Http.Reply login = Http.send("POST", flask.url("/api/login"), null,
                        "{\"user_id\": \"42\", \"remember\": true}", "User-Agent", UA);
                String remember = "remember_token=" + login.cookie("remember_token").orElseThrow();
                assertEquals(200, Http.send("GET", java.url("/api/me"), remember, null, "User-Agent", UA).status());

                Http.Reply signOut = Http.send("DELETE", java.url("/api/users/42/sessions"), null, null);
                assertTrue(signOut.status() / 100 == 2, signOut.status() + " " + signOut.body());
                Http.Reply refused = Http.send("GET", java.url("/api/me"), remember, null, "User-Agent", UA);
                assertEquals(401, refused.status(), "the remember cookie no longer signs the user in here");
                assertEquals(200, Http.send("GET", flask.url("/api/me"), remember, null, "User-Agent", UA).status(),
                        "Flask-Login still accepts it, as SECURITY.md says");

                Http.Reply again = Http.send("POST", java.url("/api/login"), null,
                        "{\"user_id\": \"42\", \"remember\": true}", "User-Agent", UA);
                assertEquals("remember_token=" + again.cookie("remember_token").orElseThrow(), remember,
                        "Flask-Login's cookie is the same for the same user");
                assertEquals(200, Http.send("GET", java.url("/api/me"), remember, null, "User-Agent", UA).status(),
                        "a new sign-in here lets the remember cookie in again");
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void aRememberCookieNeverOutlivesTheAbsoluteTimeout() {
        Map<String, String> env = env();
        env.put("SESSION_ABSOLUTE_TIMEOUT", "3600");
        try (ServerProcess java = ServerProcess.java("login-absolute", env)) {
            Http.Reply login = Http.send("POST", java.url("/api/login"), null, "{\"user_id\": \"42\", \"remember\": true}");
            String header = login.setCookies().stream().filter(h -> h.startsWith("remember_token=")).findFirst()
                    .orElseThrow(() -> new AssertionError(login.setCookies()));
            Matcher m = Pattern.compile("Expires=([^;]+)").matcher(header);
            assertTrue(m.find(), header);
            Instant expires = ZonedDateTime.parse(m.group(1), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration left = Duration.between(Instant.now(), expires);
            assertTrue(left.toSeconds() <= 3600 && left.toSeconds() > 3500, header);
        }
        try (ServerProcess java = ServerProcess.java("login-no-absolute", env())) {
            Http.Reply login = Http.send("POST", java.url("/api/login"), null, "{\"user_id\": \"42\", \"remember\": true}");
            String header = login.setCookies().stream().filter(h -> h.startsWith("remember_token=")).findFirst()
                    .orElseThrow();
            assertNotEquals(-1, header.indexOf(String.valueOf(ZonedDateTime.now().getYear() + 1)),
                    "without it, Flask-Login's 365 days: " + header);
        }
    }

    @Test
    void loginsLogoutsAndCookieLoginsFireTheirEvents() {
        try (ServerProcess java = ServerProcess.java("login-events", env())) {
            Http.Reply login = Http.send("POST", java.url("/api/login"), null, "{\"user_id\": \"42\", \"remember\": true}");
            String remember = "remember_token=" + login.cookie("remember_token").orElseThrow();
            assertEquals(200, Http.get(java.url("/api/me"), remember).status());
            assertEquals(204, Http.send("POST", java.url("/api/logout"), remember, null).status());
            assertEquals(204, Http.send("POST", java.url("/api/logout"), null, null).status());
            assertEquals("in 42 remember=true fresh=true\ncookie 42\ncookie 42\nout 42\nout nobody",
                    Http.get(java.url("/test/login/events"), null).body(),
                    "the logout with the cookie loads the user from it first, as Flask-Login's logout_user does");
        }
    }

    @Test
    void aBadLoginBodyIsA400AndSignsNobodyIn() {
        try (ServerProcess java = ServerProcess.java("login-bad-body", env())) {
            for (String body : List.of("", "[]", "{\"user_id\": 42}", "{\"user_id\": \"\"}",
                    "{\"user_id\": \"a\", \"remember\": true, \"duration\": -1e13}",
                    "{\"user_id\": \"a\", \"remember\": true, \"duration\": 1e400}",
                    "{\"user_id\": \"\\ud800\", \"remember\": true}", "{\"user_id\": \"a\", \"remember\": \"yes\"}")) {
                Http.Reply r = Http.send("POST", java.url("/api/login"), null, body);
                assertEquals(400, r.status(), body + ": " + r.body());
                assertTrue(r.setCookies().isEmpty(), body + ": " + r.setCookies());
            }
        }
    }
}
