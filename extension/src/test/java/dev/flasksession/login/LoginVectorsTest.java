package dev.flasksession.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.FlaskSession;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays login.jsonl, made with the real Flask-Login 0.6.3 (it-tests/src/test/python/login_vectors.py): remember
 * cookie values, the session identifier for odd requests, and whole requests through a LoginManager, whose session
 * after (key order included) and Set-Cookie headers must come out the same here.
 */
class LoginVectorsTest {
    private static final List<Map<String, Object>> ROWS = Conformance.lines("login.jsonl");

    private static Stream<Map<String, Object>> rows(String kind) {
        List<Map<String, Object>> rows = ROWS.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        assertFalse(rows.isEmpty(), "no " + kind + " rows in login.jsonl");
        return rows.stream();
    }

    private static String name(Map<String, Object> row) {
        return row.get("name") != null ? (String) row.get("name") : row.get("kind") + " " + row.get("user_id");
    }

    @TestFactory
    Stream<DynamicTest> rememberCookieValuesAreFlaskLogins() {
        return rows("remember_value").map(row -> DynamicTest.dynamicTest(name(row), () -> {
            RememberCookie cookie = new RememberCookie((String) row.get("secret_key"));
            assertEquals(row.get("cookie"), cookie.encode((String) row.get("user_id")));
            assertEquals(Optional.of(row.get("user_id")), cookie.decode((String) row.get("cookie")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aKeyLatin1CannotHoldIsRefusedAsFlaskLoginRefusesIt() {
        return rows("remember_key_refused").map(row -> DynamicTest.dynamicTest(name(row), () -> {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> new RememberCookie((String) row.get("secret_key")));
            assertEquals("SECRET_KEY", e.setting());
        }));
    }

    @TestFactory
    Stream<DynamicTest> rememberCookiesDecodeAsInFlaskLogin() {
        return rows("remember_decode").map(row -> DynamicTest.dynamicTest(name(row), () -> {
            RememberCookie cookie = new RememberCookie((String) row.get("secret_key"));
            assertEquals(Optional.ofNullable(row.get("user_id")), cookie.decode((String) row.get("cookie")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> sessionIdentifiersAreFlaskLogins() {
        return rows("identifier").map(row -> DynamicTest.dynamicTest(name(row), () -> {
            String addr = (String) row.get("remote_addr");
            String forwarded = (String) row.get("x_forwarded_for");
            String ua = (String) row.get("user_agent");
            SessionIdentifier.Form v06 = SessionIdentifier.Form.FLASK_LOGIN_0_6;
            SessionIdentifier.Form v07 = SessionIdentifier.Form.FLASK_LOGIN_0_7;
            assertEquals(row.get("base"), SessionIdentifier.base(v06, addr, forwarded, ua));
            assertEquals(row.get("id"), SessionIdentifier.create(v06, addr, forwarded, ua));
            assertEquals(row.get("base_0_7"), SessionIdentifier.base(v07, addr, forwarded, ua));
            assertEquals(row.get("id_0_7"), SessionIdentifier.create(v07, addr, forwarded, ua));
        }));
    }

    @TestFactory
    Stream<DynamicTest> requestsLeaveTheSessionAndCookiesFlaskLoginLeaves() {
        return rows("flow").map(row -> DynamicTest.dynamicTest(name(row), () -> replay(row)));
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> row) {
        LoginSettings settings = LoginSettings.from(ConfigSource.of(config((Map<String, Object>) row.get("config"))));
        RememberCookie remember = new RememberCookie("dev-secret");
        FlaskSession session = new FlaskSession((Map<String, Object>) row.get("session_before"), false);
        LoginState state = new LoginState(settings, remember, session);
        Set<String> known = new HashSet<>((List<String>) row.get("known_users"));
        String identifier = SessionIdentifier.create(settings.identifierForm(), (String) row.get("remote_addr"),
                (String) row.get("x_forwarded_for"), (String) row.get("user_agent"));
        assertEquals(row.get("identifier"), identifier);
        String cookie = (String) row.get("request_cookie");

        Optional<String> currentUser;
        switch ((String) row.get("action")) {
            case "login" -> {
                Map<String, Object> login = (Map<String, Object>) row.get("login");
                Number micros = (Number) login.get("duration_micros");
                state.login((String) login.get("user_id"), (Boolean) login.get("remember"),
                        micros == null ? null : Duration.of(micros.longValue(), ChronoUnit.MICROS),
                        (Boolean) login.get("fresh"), identifier);
                currentUser = Optional.of((String) login.get("user_id"));
            }
            case "logout" -> {
                state.load(identifier, cookie, known::contains);
                state.logout(cookie != null);
                currentUser = Optional.empty();
            }
            case "load" -> currentUser = state.load(identifier, cookie, known::contains).userId();
            default -> throw new IllegalArgumentException("unknown action in " + row);
        }
        long nowMicros = ((Number) row.get("now_epoch_micros")).longValue();
        RememberCookieAction action = state.afterRequest(Instant.EPOCH.plus(nowMicros, ChronoUnit.MICROS));

        assertEquals(Optional.ofNullable(row.get("current_user")), currentUser, "the current user");
        assertEquals(entries((Map<String, Object>) row.get("session_after")), entries(session), "the session after");
        assertEquals(row.get("session_modified"), session.isModified(), "whether the session is modified");
        List<String> headers = action.header().map(c -> List.of(c.toHeaderValue())).orElse(List.of());
        assertEquals(row.get("set_cookie"), headers, "the remember cookie's Set-Cookie");
        assertTrue(((List<?>) row.get("set_cookie")).isEmpty() == (action.kind() == RememberCookieAction.Kind.NONE));
    }

    /** The entries in order, so a difference in key order fails too. */
    private static List<List<Object>> entries(Map<String, Object> map) {
        List<List<Object>> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(java.util.Arrays.asList(k, v)));
        return out;
    }

    /** Flask config values as a deployment would write them. */
    private static Map<String, String> config(Map<String, Object> python) {
        Map<String, String> out = new HashMap<>();
        python.forEach((k, v) -> out.put(k, v == null ? "none" : String.valueOf(v)));
        return out;
    }
}
