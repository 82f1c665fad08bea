package dev.flasksession.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.session.FlaskSession;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The after-request cookie for values a Java or Flask app may leave in the session. */
class LoginStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginSettings settings = LoginSettings.from(ConfigSource.of(Map.of("REMEMBER_COOKIE_DURATION", "60")));
    private final RememberCookie remember = new RememberCookie("dev-secret");

    private String expiresAfter(Object rememberSeconds) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_user_id", "42");
        data.put("_remember", "set");
        data.put("_remember_seconds", rememberSeconds);
        RememberCookieAction action = new LoginState(settings, remember, new FlaskSession(data, false)).afterRequest(NOW);
        String header = action.header().orElseThrow().toHeaderValue();
        return header.substring(header.indexOf("Expires=") + 8, header.indexOf(" GMT"));
    }

    @Test
    void rememberSecondsOfAnyNumberTypeSetTheExpiry() {
        assertEquals("Thu, 01 Jan 2026 01:00:00", expiresAfter(3600));
        assertEquals("Thu, 01 Jan 2026 01:00:00", expiresAfter(3600L));
        assertEquals("Thu, 01 Jan 2026 00:00:03", expiresAfter(2.9999999)); // timedelta rounds to 3.000000
        assertEquals("Thu, 01 Jan 2026 00:00:02", expiresAfter(2.9999994)); // 2.999999
    }

    @Test
    void unusableRememberSecondsFallBackToTheSetting() {
        for (Object bad : new Object[] {"3600", true, Double.NaN, Double.POSITIVE_INFINITY, 1e300, null}) {
            assertEquals("Thu, 01 Jan 2026 00:01:00", expiresAfter(bad), String.valueOf(bad));
        }
    }

    @Test
    void anIdStoredAsANumberIsSignedAsPythonsStr() {
        FlaskSession session = new FlaskSession(Map.of("_user_id", 42, "_remember", "set"), false);
        RememberCookieAction action = new LoginState(settings, remember, session).afterRequest(NOW);
        assertEquals(remember.encode("42"), action.header().orElseThrow().value());
        assertEquals(Optional.of("42"), new LoginState(settings, remember, session).userId());
    }

    @Test
    void loginKeepsADurationsMicroseconds() {
        FlaskSession session = new FlaskSession();
        new LoginState(settings, remember, session).login("7", true, Duration.ofNanos(1_500_000_999), true, "id");
        assertEquals(1.500000, session.get("_remember_seconds"));
    }

    @Test
    void anActionWithoutItsCookieIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RememberCookieAction(RememberCookieAction.Kind.SET, null));
        assertThrows(IllegalArgumentException.class, () -> new RememberCookieAction(RememberCookieAction.Kind.NONE,
                RememberCookie.deletingCookie(settings)));
    }
}
