package dev.flasksession.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flask-Login's defaults, and values that cannot work failing by name. */
class LoginSettingsTest {
    private static LoginSettings of(Map<String, String> values) {
        return LoginSettings.from(ConfigSource.of(values));
    }

    private static String refused(Map<String, String> values) {
        return assertThrows(SessionConfigException.class, () -> of(values)).setting();
    }

    @Test
    void defaultsAreFlaskLogins() {
        LoginSettings s = of(Map.of());
        assertEquals("remember_token", s.cookieName());
        assertEquals(Duration.ofDays(365), s.cookieDuration());
        assertEquals(Optional.empty(), s.cookieDomain());
        assertEquals("/", s.cookiePath());
        assertFalse(s.cookieSecure());
        assertTrue(s.cookieHttpOnly());
        assertEquals(Optional.empty(), s.cookieSameSite());
        assertFalse(s.refreshEachRequest());
        assertEquals(LoginSettings.Protection.BASIC, s.sessionProtection());
        assertEquals(Optional.empty(), s.loginView());
        assertEquals(SessionIdentifier.Form.FLASK_LOGIN_0_6, s.identifierForm());
    }

    @Test
    void valuesAreRead() {
        LoginSettings s = of(Map.of("REMEMBER_COOKIE_DURATION", "3600", "REMEMBER_COOKIE_SAMESITE", "lax",
                "SESSION_PROTECTION", "Strong", "LOGIN_VIEW", "/login", "LOGIN_SESSION_IDENTIFIER", "0.7",
                "REMEMBER_COOKIE_NAME", "rem"));
        assertEquals(Duration.ofHours(1), s.cookieDuration());
        assertEquals(Optional.of(SameSite.LAX), s.cookieSameSite());
        assertEquals(LoginSettings.Protection.STRONG, s.sessionProtection());
        assertEquals(Optional.of("/login"), s.loginView());
        assertEquals(SessionIdentifier.Form.FLASK_LOGIN_0_7, s.identifierForm());
        assertEquals("rem", s.cookieName());
        assertEquals(LoginSettings.Protection.NONE, of(Map.of("SESSION_PROTECTION", "none")).sessionProtection());
        assertTrue(s.toString().contains("REMEMBER_COOKIE_SAMESITE=Lax"), s.toString());
    }

    @Test
    void sameSiteNoneWithoutSecureFailsNamingTheSetting() {
        assertEquals("REMEMBER_COOKIE_SAMESITE", refused(Map.of("REMEMBER_COOKIE_SAMESITE", "None")));
        assertEquals(Optional.of(SameSite.NONE), of(Map.of("REMEMBER_COOKIE_SAMESITE", "None",
                "REMEMBER_COOKIE_SECURE", "true")).cookieSameSite());
    }

    @Test
    void badValuesFailNamingTheirSetting() {
        assertEquals("REMEMBER_COOKIE_SAMESITE", refused(Map.of("REMEMBER_COOKIE_SAMESITE", "sometimes")));
        assertEquals("REMEMBER_COOKIE_DURATION", refused(Map.of("REMEMBER_COOKIE_DURATION", "365 days")));
        assertEquals("REMEMBER_COOKIE_DURATION", refused(Map.of("REMEMBER_COOKIE_DURATION", "-1")));
        assertEquals("REMEMBER_COOKIE_NAME", refused(Map.of("REMEMBER_COOKIE_NAME", "a;b")));
        assertEquals("REMEMBER_COOKIE_SECURE", refused(Map.of("REMEMBER_COOKIE_SECURE", "maybe")));
        assertEquals("SESSION_PROTECTION", refused(Map.of("SESSION_PROTECTION", "paranoid")));
        assertEquals("LOGIN_SESSION_IDENTIFIER", refused(Map.of("LOGIN_SESSION_IDENTIFIER", "0.8")));
    }
}
