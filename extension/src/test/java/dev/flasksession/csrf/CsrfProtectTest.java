package dev.flasksession.csrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the vectors do not cover: the host as Werkzeug makes it, Python's IP parsing, and the request state. */
class CsrfProtectTest {
    @Test
    void requestHostIsWerkzeugs() {
        assertEquals("example.com", CsrfProtect.requestHost("https", "example.com:443", null, null));
        assertEquals("example.com:80", CsrfProtect.requestHost("https", "example.com:80", null, null));
        assertEquals("example.com", CsrfProtect.requestHost("http", "example.com:80", null, null));
        assertEquals("[::1]:8080", CsrfProtect.requestHost("http", "[::1]:8080", null, null));
        assertEquals("", CsrfProtect.requestHost("http", "exa mple.com", null, null));
        assertEquals("", CsrfProtect.requestHost("http", "example.com:70000", null, null));
        assertEquals("", CsrfProtect.requestHost("http", "example.com:0", null, null));
        assertEquals("", CsrfProtect.requestHost("http", "", "localhost", 80));
        assertEquals("localhost:8080", CsrfProtect.requestHost("http", null, "localhost", 8080));
        assertEquals("[::1]:8443", CsrfProtect.requestHost("https", null, "::1", 8443));
        assertEquals("localhost", CsrfProtect.requestHost("https", null, "localhost", 443));
        assertEquals("", CsrfProtect.requestHost("http", null, null, null));
    }

    @Test
    void bracketedHostsAreReadAsPythonsIpaddressReadsThem() {
        for (String ok : List.of("::1", "::", "1::", "1:2:3:4:5:6:7:8", "::ffff:127.0.0.1", "fe80::1%eth0",
                "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "ABCD::ef")) {
            assertTrue(SameOrigin.isIpv6(ok), ok);
        }
        for (String bad : List.of("1:2", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "fe80::1%",
                "1:2:3:4:5:6:7:8::", ":1::", "::1:", "::127.0.0.01", "1:2:3:4:5:6:7:1.2.3.4", "::1/64")) {
            assertFalse(SameOrigin.isIpv6(bad), bad);
        }
        assertTrue(SameOrigin.isIpv4("127.0.0.1"));
        assertFalse(SameOrigin.isIpv4("127.0.0.01"));
        assertFalse(SameOrigin.isIpv4("256.0.0.1"));
        assertTrue(SameOrigin.sameOrigin("https://[v1.abc]/", "https://[v1.abc]/"));
        assertFalse(SameOrigin.sameOrigin("https://[V1.abc]/", "https://[V1.abc]/"), "not IPvFuture: a ValueError");
        assertTrue(SameOrigin.sameOrigin("https://[fe80::1%25Eth0]/", "https://[FE80::1%25Eth0]/"));
    }

    @Test
    void aPassedCheckIsRemembered() {
        CsrfTokens tokens = new CsrfTokens(List.of("k".getBytes(StandardCharsets.UTF_8)), "csrf_token", 3600L,
                Clock.systemUTC(), new SecureRandom());
        CsrfProtect protect = new CsrfProtect(tokens, WtfCsrfSettings.defaults());
        Map<String, Object> session = new HashMap<>();
        RequestCsrf csrf = new RequestCsrf(tokens, session);
        String token = csrf.token();
        assertFalse(csrf.isValid());
        CsrfRequest bad = CsrfRequest.of("POST", Map.of(), name -> null, false, "localhost");
        assertEquals(CsrfReason.TOKEN_MISSING,
                assertThrows(CsrfValidationException.class, () -> csrf.protect(protect, bad)).reason());
        assertFalse(csrf.isValid());
        csrf.protect(protect, CsrfRequest.of("POST", Map.of(), name -> name.equals("X-CSRFToken") ? token : null,
                false, "localhost"));
        assertTrue(csrf.isValid());
        assertTrue(protect.checks("DELETE"));
        assertFalse(protect.checks("post"), "compared as written, as Flask-WTF does");
    }
}
