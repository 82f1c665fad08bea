package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.SecureCookieSessionInterface;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signed-cookie backend over HTTP, on the real embedded stack: which headers each case writes. */
class CookieSessionHttpTest {
    private static final String SECRET = "it-secret-key-0123456789";
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.java("cookie-http", Map.of("SECRET_KEY", SECRET, "PERMANENT_SESSION_LIFETIME", "600"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String path) {
        return server.url(path);
    }

    private static String cookieAfterPut(String key, String json) {
        Http.Reply r = Http.send("PUT", url("/api/session/" + key), null, json);
        assertEquals(204, r.status());
        return "session=" + r.cookie("session").orElseThrow();
    }

    @Test
    void pingNeverTouchesTheSession() {
        Http.Reply r = Http.get(url("/api/ping"), cookieAfterPut("a", "1"));
        assertEquals(200, r.status());
        assertEquals(List.of(), r.setCookies());
        assertEquals(Optional.empty(), r.vary());
    }

    @Test
    void readingVariesOnCookieAndSetsNothing() {
        Http.Reply empty = Http.get(url("/api/session"), null);
        assertEquals(200, empty.status());
        assertEquals("{}", empty.body());
        assertEquals(Optional.of("Cookie"), empty.vary());
        assertEquals(List.of(), empty.setCookies());

        Http.Reply full = Http.get(url("/api/session"), cookieAfterPut("user_id", "42"));
        assertEquals("{\"user_id\":42}", full.body());
        assertEquals(List.of(), full.setCookies());
        assertEquals(Optional.of("Cookie"), full.vary());
    }

    @Test
    void pagesGatedOnTheSessionVaryOnCookieWhetherAllowedOrRefused() {
        Http.Reply refused = Http.get(url("/test/members"), null);
        assertEquals(401, refused.status());
        assertEquals(Optional.of("Cookie"), refused.vary(), "a shared cache must not serve the 401 to members");

        Http.Reply allowed = Http.get(url("/test/members"), cookieAfterPut("user", "\"ann\""));
        assertEquals(200, allowed.status());
        assertEquals("welcome", allowed.body());
        assertEquals(Optional.of("Cookie"), allowed.vary(), "a shared cache must not serve members' pages to others");
        assertEquals(List.of(), allowed.setCookies());
    }

    @Test
    void writingSetsABrowserSessionCookie() {
        Http.Reply r = Http.send("PUT", url("/api/session/name"), null, "\"Zo\\u00eb\"");
        assertEquals(1, r.setCookies().size());
        String header = r.setCookies().get(0);
        assertTrue(header.matches("session=[A-Za-z0-9_.-]+; HttpOnly; Path=/"), header);
        assertEquals(Optional.of("Cookie"), r.vary());
    }

    @Test
    void permanentSessionsExpireAfterTheLifetimeAndRefreshOnEveryRequest() {
        String cookie = cookieAfterPut("_permanent", "true");
        Http.Reply r = Http.get(url("/api/session"), cookie);
        assertEquals("{\"_permanent\":true}", r.body());
        assertEquals(1, r.setCookies().size(), "refreshed on a read");
        String expires = r.setCookies().get(0).replaceAll(".*; Expires=([^;]+);.*", "$1");
        Instant at = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        long offBy = Math.abs(Duration.between(Instant.now().plusSeconds(600), at).toSeconds());
        assertTrue(offBy <= 5, "Expires is now + PERMANENT_SESSION_LIFETIME: " + expires);
    }

    @Test
    void clearingDeletesTheCookie() {
        Http.Reply r = Http.send("DELETE", url("/api/session"), cookieAfterPut("a", "1"), null);
        assertEquals(204, r.status());
        assertEquals(List.of("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"), r.setCookies());
        assertEquals(Optional.of("Cookie"), r.vary());
    }

    @Test
    void removingAnAbsentKeyChangesNothing() {
        Http.Reply r = Http.send("DELETE", url("/api/session/absent"), cookieAfterPut("a", "1"), null);
        assertEquals(204, r.status());
        assertEquals(List.of(), r.setCookies());
    }

    @Test
    void touchResendsTheSameContents() throws Exception {
        Http.Reply r = Http.send("POST", url("/api/session/touch"), cookieAfterPut("a", "[1,2]"), null);
        assertEquals(204, r.status());
        String cookie = "session=" + r.cookie("session").orElseThrow();
        assertEquals("{\"a\":[1,2]}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void badCookiesGiveAnEmptySessionNeverAnError() {
        String good = cookieAfterPut("user_id", "1").substring("session=".length());
        SessionConfig otherKey = SessionConfig.builder().secretKey("another-secret-key-0000").build();
        String foreign = new SecureCookieSessionInterface(otherKey).getSigningSerializer().orElseThrow()
                .dumps(Map.of("user_id", 1));
        SessionConfig expiredConfig = SessionConfig.builder().secretKey(SECRET).build();
        String expired = new SecureCookieSessionInterface(expiredConfig).getSigningSerializer().orElseThrow()
                .dumps(Map.of("user_id", 1), Instant.now().getEpochSecond() - 601);
        String undecodable = new dev.flasksession.signing.TimestampSigner(new dev.flasksession.signing.Signer(
                List.of(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "cookie-session"),
                java.time.Clock.systemUTC()).sign(".AAAA");
        for (String bad : List.of(good.substring(0, good.length() - 2) + "xx", foreign, expired, undecodable,
                "%%%garbage%%%", "..", "a".repeat(3000), "\"quoted\\\"junk\"")) {
            Http.Reply r = Http.get(url("/api/session"), "session=" + bad);
            assertEquals(200, r.status(), bad);
            assertEquals("{}", r.body(), bad);
            assertEquals(List.of(), r.setCookies(), bad);
        }
    }

    @Test
    void aSessionTokenQuotedInsideAnotherCookieIsNotTheSession() {
        String token = cookieAfterPut("user_id", "7").substring("session=".length());
        assertEquals("{\"user_id\":7}", Http.get(url("/api/session"), "session=" + token).body());
        for (String header : List.of("prefs=\"x;session=" + token + ";y\"", "session; session=" + token)) {
            Http.Reply r = Http.get(url("/api/session"), header);
            assertEquals(200, r.status(), header);
            assertEquals("{}", r.body(), header);
        }
    }

    @Test
    void malformedBodyIs400AndLeavesTheSessionAsItWas() throws Exception {
        String cookie = cookieAfterPut("a", "1");
        Http.Reply r = Http.send("PUT", url("/api/session/a"), cookie, "{not json");
        assertEquals(400, r.status());
        assertEquals(List.of(), r.setCookies());
        Map<?, ?> problem = new ObjectMapper().readValue(r.body(), Map.class);
        assertEquals(400, problem.get("status"));
        assertEquals("{\"a\":1}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void streamedResponsesCarryTheCookie() {
        Http.Reply r = Http.get(url("/test/stream"), null);
        assertEquals(200, r.status());
        assertTrue(r.body().endsWith("line 99\n"));
        String cookie = "session=" + r.cookie("session").orElseThrow();
        assertEquals("{\"streamed\":true}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void exceptionMapperResponsesCarryTheCookie() {
        Http.Reply r = Http.get(url("/test/fail"), null);
        assertEquals(418, r.status());
        String cookie = "session=" + r.cookie("session").orElseThrow();
        assertEquals("{\"failed\":true}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void applicationFiltersSeeTheSessionAndAbortedResponsesAreSaved() {
        Http.Reply r = Http.send("GET", url("/api/session"), cookieAfterPut("user", "\"ann\""), null, "X-Whoami", "1");
        assertEquals(200, r.status());
        assertEquals("user=ann", r.body());
        String cookie = "session=" + r.cookie("session").orElseThrow();
        assertEquals("{\"aborted\":true,\"user\":\"ann\"}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void applicationResponseFiltersRunBeforeTheSave() {
        Http.Reply r = Http.send("GET", url("/api/ping"), null, null, "X-Mark", "late");
        String cookie = "session=" + r.cookie("session").orElseThrow();
        assertEquals("{\"marked\":\"late\"}", Http.get(url("/api/session"), cookie).body());
    }

    @Test
    void varyIsMergedWithTheApplicationsOwn() {
        Http.Reply r = Http.get(url("/test/vary"), null);
        assertEquals(Optional.of("Accept-Encoding, Cookie"), r.vary());
    }

    @Test
    void anyBeanCalledDuringTheRequestSharesTheSession() {
        Http.Reply first = Http.send("POST", url("/test/cart/A1"), null, null);
        assertEquals("1", first.body());
        Http.Reply second = Http.send("POST", url("/test/cart/A1"), "session=" + first.cookie("session").orElseThrow(), null);
        assertEquals("2", second.body());
        assertEquals("{\"cart:A1\":2}", Http.get(url("/api/session"), "session=" + second.cookie("session").orElseThrow()).body());
    }

    @Test
    void theHomePageCountsVisits() {
        Http.Reply first = Http.get(url("/"), null);
        assertTrue(first.body().contains("<span id=\"visits\">1</span>"));
        Http.Reply second = Http.get(url("/"), "session=" + first.cookie("session").orElseThrow());
        assertTrue(second.body().contains("<span id=\"visits\">2</span>"));
        assertTrue(second.body().contains("<dd id=\"backend\">SecureCookieSessionInterface</dd>"), second.body());
        assertTrue(second.body().contains("SECRET_KEY=****"), "settings shown, the secret masked");
        assertFalse(second.body().contains(SECRET), "the secret is never shown");
        assertTrue(second.body().contains("<code id=\"raw-cookie\">" + first.cookie("session").orElseThrow() + "</code>"));
        // The page asks who is signed in, and Flask-Login's basic session protection marks a session without "_id"
        // not fresh when it does: Flask-Login writes the same "_fresh" into the same session. Its forms carry a CSRF
        // token, so the session also holds Flask-WTF's raw token.
        assertTrue(java.util.regex.Pattern.compile("<code id=\"decoded-cookie\">\\{&quot;_fresh&quot;:false,"
                + "&quot;csrf_token&quot;:&quot;[0-9a-f]{40}&quot;,&quot;visits&quot;:1}</code>")
                .matcher(second.body()).find(), second.body());
    }
}
