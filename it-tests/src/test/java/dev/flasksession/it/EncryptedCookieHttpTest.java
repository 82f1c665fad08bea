package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo on {@code SESSION_TYPE=encryptedcookie} over HTTP: sealed cookies, tampering, key rotation, Flask. */
class EncryptedCookieHttpTest {
    private static final String KEY_A = "encrypted-key-a-0123456789";
    private static final String KEY_B = "encrypted-key-b-0123456789";
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = encrypted("encrypted-a", KEY_A, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerProcess encrypted(String name, String key, String fallbacks) {
        Map<String, String> env = new HashMap<>(Map.of("SESSION_TYPE", "encryptedcookie", "SECRET_KEY", key,
                "PERMANENT_SESSION_LIFETIME", "600"));
        if (fallbacks != null) {
            env.put("SECRET_KEY_FALLBACKS", fallbacks);
        }
        return ServerProcess.java(name, env);
    }

    private static String cookieAfterPut(Target target, String key, String json) {
        Http.Reply r = Http.send("PUT", target.url("/api/session/" + key), null, json);
        assertEquals(204, r.status());
        return r.cookie("session").orElseThrow();
    }

    private static String read(Target target, String cookieValue) {
        Http.Reply r = Http.get(target.url("/api/session"), "session=" + cookieValue);
        assertEquals(200, r.status(), cookieValue);
        return r.body();
    }

    @Test
    void writesAndReadsBackAnEncryptedCookie() {
        Http.Reply r = Http.send("PUT", server.url("/api/session/user"), null, "\"ann\"");
        assertEquals(204, r.status());
        assertEquals(1, r.setCookies().size());
        assertTrue(r.setCookies().get(0).matches("session=[A-Za-z0-9_-]+; HttpOnly; Path=/"), r.setCookies().get(0));
        assertEquals(Optional.of("Cookie"), r.vary());
        assertEquals("{\"user\":\"ann\"}", read(server, r.cookie("session").orElseThrow()));
    }

    @Test
    void theRawCookieDoesNotHoldThePlaintext() {
        String secret = "the-card-number-4111111111111111";
        String value = cookieAfterPut(server, "card", "\"" + secret + "\"");
        String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains(secret) || decoded.contains("card"), "the decoded cookie shows the session");
        assertFalse(value.contains("."), "not itsdangerous' signed form");
        assertEquals("{\"card\":\"" + secret + "\"}", read(server, value));
    }

    @Test
    void tamperedAndGarbageCookiesGiveAnEmptySessionNeverAnError() {
        String good = cookieAfterPut(server, "user_id", "1");
        List<String> bad = new java.util.ArrayList<>(List.of("%%%garbage%%%", "..", "a".repeat(4100), "\"quoted\\\"junk\"",
                good + "A", good.substring(1), good + "="));
        for (int at : new int[] {0, 5, 20, good.length() / 2, good.length() - 1}) {
            char c = good.charAt(at);
            bad.add(good.substring(0, at) + (c == 'x' ? 'y' : 'x') + good.substring(at + 1));
        }
        for (String value : bad) {
            Http.Reply r = Http.get(server.url("/api/session"), "session=" + value);
            assertEquals(200, r.status(), value);
            assertEquals("{}", r.body(), value);
            assertEquals(List.of(), r.setCookies(), value);
        }
    }

    @Test
    void clearingDeletesTheCookie() {
        Http.Reply r = Http.send("DELETE", server.url("/api/session"), "session=" + cookieAfterPut(server, "a", "1"), null);
        assertEquals(204, r.status());
        assertEquals(List.of("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"), r.setCookies());
    }

    @Test
    void keyRotationAcrossServers() {
        String underA = cookieAfterPut(server, "user", "\"ann\"");
        String underB;
        try (ServerProcess rotated = encrypted("encrypted-b-fallback-a", KEY_B, KEY_A)) {
            assertEquals("{\"user\":\"ann\"}", read(rotated, underA), "a cookie under a fallback key still opens");
            underB = cookieAfterPut(rotated, "user", "\"bob\"");
            assertEquals("{\"user\":\"bob\"}", read(rotated, underB));
        }
        assertEquals("{}", read(server, underB), "new cookies are sealed with the new key, which A does not hold");
        try (ServerProcess onlyB = encrypted("encrypted-b-only", KEY_B, null)) {
            assertEquals("{\"user\":\"bob\"}", read(onlyB, underB));
            assertEquals("{}", read(onlyB, underA), "a key no longer listed opens nothing");
        }
    }

    @Test
    void flaskAndTheEncryptedBackendDoNotReadEachOthersCookies() {
        try (ServerProcess flask = ServerProcess.flask("encrypted-flask-peer", Map.of("SECRET_KEY", KEY_A,
                "PERMANENT_SESSION_LIFETIME", "600"))) {
            String signedByFlask = cookieAfterPut(flask, "user", "\"ann\"");
            assertEquals("{\"user\":\"ann\"}", read(flask, signedByFlask));
            assertEquals("{}", read(server, signedByFlask), "a Flask cookie under the same key does not open");
            assertEquals("{}", read(flask, cookieAfterPut(server, "user", "\"ann\"")), "nor does ours in Flask");
        }
    }
}
