package dev.flasksession.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfigException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Remember cookies that must give no user, and never an exception. */
class RememberCookieTest {
    private final RememberCookie cookie = new RememberCookie("dev-secret");

    @Test
    void tamperedCookiesGiveNoUser() {
        String good = cookie.encode("42");
        for (int i = 0; i < good.length(); i++) {
            char c = good.charAt(i);
            String changed = good.substring(0, i) + (c == 'a' ? 'b' : 'a') + good.substring(i + 1);
            if (!changed.equals(good)) {
                assertEquals(Optional.empty(), cookie.decode(changed), changed);
            }
        }
        assertEquals(Optional.empty(), cookie.decode(good + "0"));
        assertEquals(Optional.empty(), cookie.decode(good.substring(0, good.length() - 1)));
        assertEquals(Optional.empty(), cookie.decode("x" + good));
    }

    @Test
    void aCookieForAnotherKeyGivesNoUser() {
        assertEquals(Optional.empty(), cookie.decode(new RememberCookie("other-secret").encode("42")));
        // Flask-Login keys with Latin-1, Flask's session signing with UTF-8: the two must not be confused.
        RememberCookie latin1 = new RememberCookie("s3cr3t-\u00e9");
        assertEquals(Optional.empty(), new RememberCookie("s3cr3t-\u00c3\u00a9").decode(latin1.encode("42")));
    }

    @Test
    void garbageGivesNoUserAndNoException() {
        for (String garbage : new String[] {null, "", "|", "||", "42", "42|", "|42", "\u0000|\u0000", "42|\u00e9",
                "\ud800|abc", "a|\ud800", "42|" + "0".repeat(128), "42|" + "z".repeat(10_000)}) {
            assertEquals(Optional.empty(), cookie.decode(garbage), String.valueOf(garbage));
        }
        Random random = new Random(20);
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(200); n > 0; n--) {
                s.append(random.nextInt(8) == 0 ? '|' : (char) random.nextInt(0x3000));
            }
            assertEquals(Optional.empty(), cookie.decode(s.toString()), s.toString());
        }
    }

    @Test
    void theLastBarSplitsTheIdFromTheDigest() {
        assertEquals(Optional.of("a|b|c"), cookie.decode(cookie.encode("a|b|c")));
        assertEquals(Optional.of(""), cookie.decode(cookie.encode("")));
    }

    @Test
    void anUnsetKeyIsRefusedByName() {
        assertEquals("SECRET_KEY", assertThrows(SessionConfigException.class, () -> new RememberCookie("")).setting());
        assertEquals("SECRET_KEY", assertThrows(SessionConfigException.class, () -> new RememberCookie(null)).setting());
    }

    @Test
    void anIdUtf8CannotEncodeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> cookie.encode("\ud800"));
    }

    @Test
    void theDeletingCookieCarriesOnlyDomainAndPath() {
        LoginSettings settings = LoginSettings.from(ConfigSource.of(Map.of("REMEMBER_COOKIE_SECURE", "true",
                "REMEMBER_COOKIE_SAMESITE", "None", "REMEMBER_COOKIE_DOMAIN", "example.com")));
        assertEquals("remember_token=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
                RememberCookie.deletingCookie(settings).toHeaderValue());
        assertEquals("remember_token=7|" + cookie.encode("7").split("\\|")[1]
                        + "; Domain=example.com; Expires=Thu, 01 Jan 2026 00:00:00 GMT; Secure; HttpOnly; Path=/; "
                        + "SameSite=None",
                cookie.setCookie(settings, "7", Instant.parse("2026-01-01T00:00:00.999Z")).toHeaderValue());
    }
}
