package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.json.PythonJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flask-WTF 1.3.0's CSRF tokens across both sides, against the real Flask 3.1.3 + Flask-WTF (and Flask-Session 0.8 on
 * Redis): a token made on either side passes the other's check in the form field and in either header, and each
 * refusal gives Flask-WTF's reason on both sides alike: missing, session token missing, expired, invalid, another
 * session's token, and over HTTPS (behind a proxy that says so) the two referrer checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfInteropTest {
    private static final PythonJson JSON = new PythonJson();
    private static final String FORM = "application/x-www-form-urlencoded";

    private PeerPairs peers;

    @BeforeAll
    void start() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRET_KEY", "csrf-interop-secret-0123456789");
        env.put("FLASK_WTF", "1");
        peers = PeerPairs.start("csrf", env);
    }

    @AfterAll
    void stop() {
        peers.close();
    }

    private static Map<?, ?> json(Http.Reply r) {
        try {
            return (Map<?, ?>) JSON.read(r.body());
        } catch (dev.flasksession.json.JsonDecodeException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static String token(LoginInteropTest.Jar browser, ServerProcess side, String path) {
        Http.Reply r = browser.send("GET", side.url(path), null);
        assertEquals(200, r.status(), r.body());
        Object token = json(r).get("csrf_token");
        assertTrue(token instanceof String t && t.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"),
                "a URL-safe timed token: " + token);
        return (String) token;
    }

    private static String detail(Http.Reply r) {
        assertEquals(400, r.status(), r.body());
        assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.raw().headers().toString());
        return (String) json(r).get("detail");
    }

    private static String field(String token) {
        return "note=hi&csrf_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Each way a form or a script sends a token, checked on {@code checker}. */
    private static void passesEveryWay(LoginInteropTest.Jar browser, ServerProcess checker, String token) {
        String url = checker.url("/api/protected");
        assertEquals(204, browser.send("POST", url, field(token), "Content-Type", FORM).status(), "form field");
        assertEquals(204, browser.send("POST", url, "x", "X-CSRFToken", token).status(), "X-CSRFToken");
        assertEquals(204, browser.send("POST", url, "x", "X-CSRF-Token", token).status(), "X-CSRF-Token");
        assertEquals(204, browser.send("POST", url, "prefix-csrf_token=" + token, "Content-Type", FORM).status(),
                "a prefixed form's field");
        String boundary = "----flask-session-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\ncsrf_token=no\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token + "\r\n--" + boundary
                + "--\r\n";
        assertEquals(204, browser.send("POST", url, multipart, "Content-Type",
                "multipart/form-data; boundary=" + boundary).status(), "multipart form field");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aTokenMadeByFlaskPassesHere(String type) {
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        String token = token(browser, flask(type), "/api/csrf-token");
        passesEveryWay(browser, java(type), token);
        passesEveryWay(browser, flask(type), token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aTokenMadeHerePassesInFlask(String type) {
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        String token = token(browser, java(type), "/api/csrf-token");
        passesEveryWay(browser, flask(type), token);
        passesEveryWay(browser, java(type), token);
        assertEquals(token(browser, flask(type), "/api/csrf-token").split("\\.")[0], token.split("\\.")[0],
                "Flask signs the same raw token the Java side made");
    }

    /** Sends the same request to both sides and checks both refuse it with {@code reason}. */
    private void refusedAlike(String type, String reason, Request request) {
        for (ServerProcess side : List.of(flask(type), java(type))) {
            assertEquals(reason, detail(request.send(side)), side.url("/") + " " + type);
        }
    }

    @FunctionalInterface
    private interface Request {
        Http.Reply send(ServerProcess side);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void eachRefusalGivesFlaskWtfsReason(String type) {
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        String token = token(browser, flask(type), "/api/csrf-token");

        refusedAlike(type, "The CSRF token is missing.",
                side -> browser.send("POST", side.url("/api/protected"), "note=hi", "Content-Type", FORM));
        refusedAlike(type, "The CSRF token is missing.",
                side -> browser.send("POST", side.url("/api/protected"), "csrf_token=", "Content-Type", FORM));

        LoginInteropTest.Jar stranger = new LoginInteropTest.Jar();
        refusedAlike(type, "The CSRF session token is missing.",
                side -> stranger.send("POST", side.url("/api/protected"), null, "X-CSRFToken", token));

        for (ServerProcess maker : List.of(flask(type), java(type))) {
            String aged = token(browser, maker, maker == flask(type) ? "/api/csrf-token/aged?age=3601"
                    : "/test/csrf/aged?age=3601");
            refusedAlike(type, "The CSRF token has expired.",
                    side -> browser.send("POST", side.url("/api/protected"), null, "X-CSRFToken", aged));
            String fresh = token(browser, maker, maker == flask(type) ? "/api/csrf-token/aged?age=3500"
                    : "/test/csrf/aged?age=3500");
            for (ServerProcess side : List.of(flask(type), java(type))) {
                assertEquals(204, browser.send("POST", side.url("/api/protected"), null, "X-CSRFToken", fresh)
                        .status(), "within the hour");
            }
        }

        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
                + parts[2].substring(1);
        for (String bad : List.of(tampered, "garbage", parts[0] + "." + parts[1], "a.b.c.d", "\u00e9t\u00e9")) {
            refusedAlike(type, "The CSRF token is invalid.", side -> browser.send("POST", side.url("/api/protected"),
                    "csrf_token=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), "Content-Type", FORM));
        }

        LoginInteropTest.Jar other = new LoginInteropTest.Jar();
        String othersToken = token(other, java(type), "/api/csrf-token");
        refusedAlike(type, "The CSRF tokens do not match.",
                side -> browser.send("POST", side.url("/api/protected"), null, "X-CSRFToken", othersToken));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void overHttpsTheReferrerMustBeOfTheSameOrigin(String type) {
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        String token = token(browser, java(type), "/api/csrf-token");
        refusedAlike(type, "The referrer header is missing.", side -> browser.send("POST",
                side.url("/api/protected"), null, "X-CSRFToken", token, "X-Forwarded-Proto", "https"));
        for (String referrer : List.of("https://evil.example/form", "http://127.0.0.1/", "https://127.0.0.1:10/")) {
            refusedAlike(type, "The referrer does not match the host.", side -> browser.send("POST",
                    side.url("/api/protected"), null, "X-CSRFToken", token, "X-Forwarded-Proto", "https",
                    "Referer", referrer));
        }
        refusedAlike(type, "The CSRF token is missing.", side -> browser.send("POST", side.url("/api/protected"),
                null, "X-Forwarded-Proto", "https"));
        for (ServerProcess side : List.of(flask(type), java(type))) {
            String host = side.url("/").replaceFirst("^http://", "").replaceFirst("/$", "");
            assertEquals(204, browser.send("POST", side.url("/api/protected"), null, "X-CSRFToken", token,
                    "X-Forwarded-Proto", "https", "Referer", "https://" + host + "/page?x=1").status(),
                    "a same-origin referrer over HTTPS");
            assertEquals(204, browser.send("POST", side.url("/api/protected"), null, "X-CSRFToken", token).status(),
                    "over plain HTTP, no referrer is needed");
        }
    }

    @Test
    void theFormIsReadWithoutUsingUpTheBody() throws Exception {
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        ServerProcess java = java("securecookie");
        String token = token(browser, java, "/api/csrf-token");
        String boundary = "b0undary";
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < 120_000; i++) {
            upload.append("0123456789");
        }
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n"
                + upload + "\r\n--" + boundary + "--\r\n";
        Http.Reply r = browser.send("POST", java.url("/test/csrf/echo"), body, "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(bytes.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                + " true", r.body(), "an upload past the in-memory limit reaches the resource whole");
        long before = keptBodies();
        Http.Reply unread = browser.send("POST", java.url("/api/protected"), body, "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertEquals(204, unread.status(), unread.body());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (keptBodies() > before && System.nanoTime() < deadline) {
            ServerProcess.sleep(20);
        }
        assertEquals(before, keptBodies(), "a resource that never reads the upload leaves no temporary file");
        String small = field(token);
        r = browser.send("POST", java.url("/test/csrf/echo"), small, "Content-Type", FORM);
        byte[] smallBytes = small.getBytes(StandardCharsets.UTF_8);
        assertEquals(smallBytes.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(smallBytes)) + " true", r.body());
        assertEquals("The CSRF token is missing.", detail(browser.send("POST", java.url("/test/csrf/echo"),
                "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"t\"\r\n\r\ncsrf_token=" + token
                        + "\r\n--x--\r\n", "Content-Type", "multipart/form-data; boundary=x")),
                "a file part is no form field");
        assertEquals("The CSRF token is missing.", detail(browser.send("POST", java.url("/test/csrf/echo"),
                "no parts here", "Content-Type", "multipart/form-data; boundary=x")),
                "a multipart body that does not parse has no fields, as in Werkzeug");
        Http.Reply headerToken = browser.send("POST", java.url("/test/csrf/echo"), "no parts here", "Content-Type",
                "multipart/form-data; boundary=x", "X-CSRFToken", token);
        assertTrue(headerToken.body().endsWith(" true"), "its token can still come in a header: " + headerToken.body());
        assertEquals(413, browser.send("POST", java.url("/test/csrf/echo"),
                "csrf_token=" + "a".repeat(FormBodyLimits.URLENCODED + 1), "Content-Type", FORM).status());
        assertEquals(204, browser.send("POST", java.url("/test/csrf/exempt"), null).status(),
                "@CsrfExempt is never checked");
    }

    /**
     * {@code WTF_CSRF_CHECK_DEFAULT=true}: every post is checked, resources that do not ask included, except the
     * {@code @CsrfExempt} ones; reads are not; {@code WTF_CSRF_ENABLED=false} turns even {@code @CsrfProtected} off.
     */
    @Test
    void checkDefaultChecksEveryPostAndEnabledFalseNone() {
        try (ServerProcess java = ServerProcess.java("csrf-check-default",
                Map.of("SECRET_KEY", "csrf-default-secret-0123456789", "WTF_CSRF_CHECK_DEFAULT", "true"))) {
            LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
            String token = token(browser, java, "/api/csrf-token");
            assertEquals("The CSRF token is missing.", detail(browser.send("POST", java.url("/api/flash"),
                    "{\"message\": \"x\"}")), "a resource without @CsrfProtected is checked too");
            assertEquals(204, browser.send("POST", java.url("/api/flash"), "{\"message\": \"x\"}",
                    "X-CSRFToken", token).status());
            assertEquals(204, browser.send("POST", java.url("/test/csrf/exempt"), null).status(), "@CsrfExempt");
            assertEquals(200, browser.send("GET", java.url("/api/flashes"), null).status(), "GET is not checked");
        }
        try (ServerProcess java = ServerProcess.java("csrf-disabled",
                Map.of("SECRET_KEY", "csrf-default-secret-0123456789", "WTF_CSRF_ENABLED", "false"))) {
            assertEquals(204, Http.send("POST", java.url("/api/protected"), null, null).status(),
                    "WTF_CSRF_ENABLED=false");
        }
    }

    /**
     * A key rotation: Flask-WTF ignores {@code SECRET_KEY_FALLBACKS}, so every form a page opened before the
     * rotation fails there (flask-wtf #675); here a token signed with a fallback still passes, while new tokens are
     * signed with the new key, which Flask accepts. {@code WTF_CSRF_SECRET_KEY} is shared the same way, and with it
     * a token signed with {@code SECRET_KEY} is refused.
     */
    @Test
    void tokensOfAFallbackKeyPassAndWtfCsrfSecretKeyIsShared() {
        Map<String, String> old = Map.of("SECRET_KEY", "old-secret-0123456789", "FLASK_WTF", "1");
        Map<String, String> rotated = Map.of("SECRET_KEY", "new-secret-0123456789",
                "SECRET_KEY_FALLBACKS", "old-secret-0123456789", "FLASK_WTF", "1");
        try (ServerProcess flaskOld = ServerProcess.flask("csrf-flask-old", old);
             ServerProcess flaskNew = ServerProcess.flask("csrf-flask-new", rotated);
             ServerProcess java = ServerProcess.java("csrf-java-rotated", rotated)) {
            LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
            String before = token(browser, flaskOld, "/api/csrf-token");
            assertEquals("The CSRF token is invalid.", detail(browser.send("POST", flaskNew.url("/api/protected"),
                    null, "X-CSRFToken", before)), "Flask-WTF after the rotation");
            assertEquals(204, browser.send("POST", java.url("/api/protected"), null, "X-CSRFToken", before).status(),
                    "here, the fallback still verifies the open form's token");
            String after = token(browser, java, "/api/csrf-token");
            assertEquals(204, browser.send("POST", flaskNew.url("/api/protected"), null, "X-CSRFToken", after)
                    .status(), "new tokens are signed with the new key");
            assertEquals("The CSRF token is invalid.", detail(browser.send("POST", flaskOld.url("/api/protected"),
                    null, "X-CSRFToken", after)), "and not with the old one");
        }
        Map<String, String> own = Map.of("SECRET_KEY", "session-secret-0123456789",
                "WTF_CSRF_SECRET_KEY", "csrf-only-secret-0123456789", "FLASK_WTF", "1");
        try (ServerProcess flask = ServerProcess.flask("csrf-flask-own-key", own);
             ServerProcess flaskPlain = ServerProcess.flask("csrf-flask-plain-key",
                     Map.of("SECRET_KEY", "session-secret-0123456789", "FLASK_WTF", "1"));
             ServerProcess java = ServerProcess.java("csrf-java-own-key", own)) {
            LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
            passesEveryWay(browser, java, token(browser, flask, "/api/csrf-token"));
            passesEveryWay(browser, flask, token(browser, java, "/api/csrf-token"));
            String signedWithSessionKey = token(browser, flaskPlain, "/api/csrf-token");
            assertEquals("The CSRF token is invalid.", detail(browser.send("POST", java.url("/api/protected"), null,
                    "X-CSRFToken", signedWithSessionKey)), "SECRET_KEY does not sign when WTF_CSRF_SECRET_KEY is set");
        }
    }

    /** The demo's page: its forms carry the token its handlers check, and it shows what was flashed, once. */
    @Test
    void theDemoPageCarriesTheTokenAndShowsFlashes() {
        ServerProcess demo = java("securecookie");
        LoginInteropTest.Jar browser = new LoginInteropTest.Jar();
        assertEquals(204, browser.send("POST", flask("securecookie").url("/api/flash"),
                "{\"message\": \"Left by <Flask>\", \"category\": \"info\"}").status());
        String page = browser.send("GET", demo.url("/"), null).body();
        assertTrue(page.contains("<ul id=\"flashes\"><li class=\"info\">Left by &lt;Flask&gt;</li></ul>"), page);
        java.util.regex.Matcher meta = java.util.regex.Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">")
                .matcher(page);
        assertTrue(meta.find(), page);
        assertTrue(page.contains("<input id=\"csrf_token\" name=\"csrf_token\" type=\"hidden\" value=\""
                + meta.group(1) + "\">"), "the sign-in form carries the same token: " + page);
        assertTrue(!browser.send("GET", demo.url("/"), null).body().contains("id=\"flashes\""), "shown once");
        assertEquals("The CSRF token is missing.", detail(browser.send("POST", demo.url("/login"), "username=ann",
                "Content-Type", FORM)), "the page's sign-in checks the token");
        assertEquals(303, browser.send("POST", demo.url("/login"), "username=ann&csrf_token=" + meta.group(1),
                "Content-Type", FORM).status());
    }

    private static long keptBodies() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("flask-session-form")).count();
        }
    }

    /** The limits of the Java side's form reader. */
    private static final class FormBodyLimits {
        static final int URLENCODED = 1 << 20;
    }

    private ServerProcess flask(String type) {
        return peers.flask(type);
    }

    private ServerProcess java(String type) {
        return peers.java(type);
    }
}
