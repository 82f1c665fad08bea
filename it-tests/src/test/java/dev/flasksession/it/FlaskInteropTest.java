package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.json.TaggedJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Flask 3.1.3 and our demo, holding the same SECRET_KEY: each opens the other's cookies with every type
 * intact, and for the same requests both send the same Set-Cookie decisions, attributes and Vary.
 */
class FlaskInteropTest {
    private static final long LIFETIME = 3600;
    private static final Map<String, String> DEFAULTS = Map.of(
            "SECRET_KEY", "interop-secret-key-0123", "PERMANENT_SESSION_LIFETIME", Long.toString(LIFETIME));
    private static final Map<String, String> CUSTOM = Map.of(
            "SECRET_KEY", "interop-secret-key-4567", "PERMANENT_SESSION_LIFETIME", Long.toString(LIFETIME),
            "SESSION_COOKIE_NAME", "sid", "SESSION_COOKIE_DOMAIN", "example.test", "SESSION_COOKIE_PATH", "/",
            "SESSION_COOKIE_SECURE", "true", "SESSION_COOKIE_SAMESITE", "Lax", "SESSION_COOKIE_PARTITIONED", "true",
            "SESSION_COOKIE_HTTPONLY", "false", "SESSION_REFRESH_EACH_REQUEST", "false");

    private static ServerProcess java;
    private static ServerProcess flask;
    private static ServerProcess javaCustom;
    private static ServerProcess flaskCustom;
    private static ServerProcess javaLazy;

    @BeforeAll
    static void start() {
        flask = ServerProcess.flask("interop-flask", DEFAULTS);
        java = ServerProcess.java("interop-java", DEFAULTS);
        flaskCustom = ServerProcess.flask("interop-flask-custom", CUSTOM);
        javaCustom = ServerProcess.java("interop-java-custom", CUSTOM);
        Map<String, String> lazy = new java.util.HashMap<>(DEFAULTS);
        lazy.put("SESSION_LAZY_OPEN", "true");
        javaLazy = ServerProcess.java("interop-java-lazy", lazy);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {java, flask, javaCustom, flaskCustom, javaLazy}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void flaskCookiesOpenHereAndOursOpenInFlaskWithEveryType() throws Exception {
        Interop.cookieRoundTrip(flask, java);
    }

    @Test
    void largeSessionsAreCompressedTheSameWay() throws Exception {
        String rows = "[" + String.join(",", Collections.nCopies(80, "{\"id\":1,\"name\":\"row\"}")) + "]";
        Http.Reply fromFlask = Http.send("PUT", flask.url("/api/session/rows"), null, rows);
        String flaskValue = fromFlask.cookie("session").orElseThrow();
        assertTrue(flaskValue.startsWith("."), "Flask compressed it");
        Http.Reply fromJava = Http.send("PUT", java.url("/api/session/rows"), null, rows);
        String javaValue = fromJava.cookie("session").orElseThrow();
        assertTrue(javaValue.startsWith("."), "we compressed it");
        assertEquals(flaskValue.substring(0, flaskValue.indexOf('.', 1)), javaValue.substring(0, javaValue.indexOf('.', 1)),
                "the same compressed payload");
        assertEquals("{\"rows\":" + rows.replace(" ", "") + "}", Http.get(java.url("/api/session"), "session=" + flaskValue).body());
        assertEquals("{\"rows\":" + rows.replace(" ", "") + "}", Http.get(flask.url("/api/session"), "session=" + javaValue).body());
    }

    @Test
    void integersAsLongAsPythonAcceptsTravelBothWays() {
        String modulus = "9" + "1234567890".repeat(429) + "123456789";
        assertEquals(4300, modulus.length(), "Python's int() limit");
        String fromFlask = Http.send("PUT", flask.url("/api/session/n"), null, modulus).cookie("session").orElseThrow();
        assertEquals("{\"n\":" + modulus + "}", Http.get(java.url("/api/session"), "session=" + fromFlask).body());
        String fromJava = Http.send("PUT", java.url("/api/session/n"), null, modulus).cookie("session").orElseThrow();
        assertEquals("{\"n\":" + modulus + "}", Http.get(flask.url("/api/session"), "session=" + fromJava).body());
    }

    /** One request of the shared script. */
    private record Step(String method, String path, String body) {
    }

    private static final List<Step> SCRIPT = List.of(
            new Step("GET", "/api/ping", null),
            new Step("GET", "/api/session", null),
            new Step("DELETE", "/api/session", null),
            new Step("PUT", "/api/session/a", "1"),
            new Step("GET", "/api/session", null),
            new Step("GET", "/api/ping", null),
            new Step("DELETE", "/api/session/absent", null),
            new Step("POST", "/api/session/touch", null),
            new Step("PUT", "/api/session/_permanent", "true"),
            new Step("GET", "/api/session", null),
            new Step("GET", "/api/ping", null),
            new Step("DELETE", "/api/session/a", null),
            new Step("PUT", "/api/session/_permanent", "false"),
            new Step("GET", "/api/session", null),
            new Step("DELETE", "/api/session", null),
            new Step("GET", "/api/session", null),
            new Step("DELETE", "/api/session", null));

    private static List<String> run(ServerProcess server, String cookieName) {
        List<String> transcript = new ArrayList<>();
        String jar = null;
        for (Step step : SCRIPT) {
            Http.Reply r = Http.send(step.method(), server.url(step.path()), jar, step.body());
            List<String> cookies = new ArrayList<>();
            for (String header : r.setCookies()) {
                cookies.add(normalize(header));
                if (header.contains("Max-Age=0")) {
                    jar = null;
                } else {
                    jar = cookieName + "=" + r.cookie(cookieName).orElseThrow();
                }
            }
            transcript.add(step.method() + " " + step.path() + " -> " + r.status() + " Set-Cookie=" + cookies
                    + " Vary=" + r.vary().orElse("-") + " body=" + (step.path().equals("/api/session") && step.method().equals("GET") ? r.body() : ""));
        }
        return transcript;
    }

    /** The value and a live expiry differ between two servers; everything else must match. */
    private static String normalize(String header) {
        List<String> parts = new ArrayList<>();
        for (String part : header.split("; ")) {
            if (parts.isEmpty()) {
                int eq = part.indexOf('=');
                parts.add(part.substring(0, eq + 1) + (part.length() > eq + 1 ? "<value>" : ""));
            } else if (part.startsWith("Expires=") && !part.contains("1970")) {
                Instant at = ZonedDateTime.parse(part.substring(8), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                long off = Math.abs(Duration.between(Instant.now().plusSeconds(LIFETIME), at).toSeconds());
                parts.add(off <= 10 ? "Expires=<now+lifetime>" : part);
            } else {
                parts.add(part);
            }
        }
        return String.join("; ", parts);
    }

    @Test
    void sameRequestsGiveTheSameCookieDecisionsAsFlask() {
        List<String> theirs = run(flask, "session");
        List<String> ours = run(java, "session");
        assertEquals(String.join("\n", theirs), String.join("\n", ours));
        assertTrue(theirs.stream().anyMatch(l -> l.contains("Expires=<now+lifetime>")), "the script covers permanent sessions");
        assertTrue(theirs.stream().anyMatch(l -> l.contains("Max-Age=0")), "the script covers deletion");
    }

    @Test
    void lazilyOpenedSessionsInteroperateAndDecideAsFlaskWhereverTheyAreUsed() throws Exception {
        Interop.cookieRoundTrip(flask, javaLazy);
        // /api/ping never uses the session: lazily, it writes nothing at all, where Flask refreshes a permanent one.
        List<String> theirs = run(flask, "session").stream().filter(l -> !l.startsWith("GET /api/ping")).toList();
        List<String> ours = run(javaLazy, "session").stream().filter(l -> !l.startsWith("GET /api/ping")).toList();
        assertEquals(String.join("\n", theirs), String.join("\n", ours));
        for (String line : run(javaLazy, "session")) {
            if (line.startsWith("GET /api/ping")) {
                assertTrue(line.endsWith("Set-Cookie=[] Vary=- body="), line);
            }
        }
    }

    @Test
    void sameDecisionsWithEveryCookieAttributeSet() {
        List<String> theirs = run(flaskCustom, "sid");
        List<String> ours = run(javaCustom, "sid");
        assertEquals(String.join("\n", theirs), String.join("\n", ours));
        assertTrue(theirs.stream().anyMatch(l -> l.contains("Domain=example.test") && l.contains("SameSite=Lax")
                && l.contains("Partitioned") && l.contains("Secure")), String.join("\n", theirs));
    }
}
