package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request cycle: the null-session fallback, the hooks' order, what a hook may do, and the timeouts as a hook. */
class SessionCycleTest {
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    private static final SessionRequest NO_COOKIE = SessionRequest.fromCookieHeaders(List.of());

    private static SecureCookieSessionInterface backend(SessionConfig.Builder b) {
        return new SecureCookieSessionInterface(b.secretKey("cycle-secret-0123456789").build(), NOW);
    }

    private record Tracing(String name, int priority, List<String> trace) implements SessionHook {
        @Override
        public void opened(FlaskSession session, SessionRequest request) {
            trace.add("opened " + name);
        }

        @Override
        public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
            trace.add("beforeSave " + name + (session.isSaved() ? " saved" : ""));
        }

        @Override
        public void afterSave(FlaskSession session, SessionRequest request, SessionResponse response) {
            trace.add("afterSave " + name + (session.isSaved() ? " saved" : ""));
        }
    }

    @Test
    void hooksOpenInAscendingPriorityAndSaveInReverseAroundTheBackend() {
        List<String> trace = new ArrayList<>();
        SessionCycle cycle = SessionCycle.of(backend(SessionConfig.builder()), List.of(
                new Tracing("late", 2000, trace), new Tracing("app", SessionHook.APPLICATION, trace),
                new Tracing("early", 150, trace)));
        assertInstanceOf(SessionTimeouts.class, cycle.hooks().get(0), "the timeouts open first");
        FlaskSession s = cycle.open(NO_COOKIE);
        cycle.save(s, NO_COOKIE, new SecureCookieSaveTest.Recorded());
        assertEquals(List.of("opened early", "opened app", "opened late",
                "beforeSave late", "beforeSave app", "beforeSave early",
                "afterSave late saved", "afterSave app saved", "afterSave early saved"), trace);
    }

    @Test
    void aHookCanChangeTheSessionAndWriteCookiesAndHeadersBeforeTheSave() {
        SessionHook hook = new SessionHook() {
            @Override
            public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
                session.put("by_hook", request.method());
                response.setCookie(SetCookie.of("remember_token", "x", null, null, "/", false, true, null, false));
            }
        };
        SessionCycle cycle = SessionCycle.of(backend(SessionConfig.builder()), List.of(hook));
        RequestSnapshot request = RequestSnapshot.of("post", "/x?y=1", "10.0.0.1", Map.of("X-A", List.of("1", "2")));
        FlaskSession s = cycle.open(request);
        SecureCookieSaveTest.Recorded out = new SecureCookieSaveTest.Recorded();
        cycle.save(s, request, out);
        assertEquals(2, out.cookies.size(), out.cookies.toString());
        assertTrue(out.cookies.get(0).startsWith("remember_token=x;"), out.cookies.toString());
        assertTrue(out.cookies.get(1).startsWith("session="), "the hook's change is saved: " + out.cookies);
        assertEquals("POST", request.method());
        assertEquals(List.of("1", "2"), request.headers("x-a"));
        assertEquals("1,2", request.header("X-A").orElseThrow(), "duplicates read as WSGI joins them");
        assertEquals("POST /x", request.toString(), "no query (it may carry tokens) when a request is named");
    }

    @Test
    void theNullSessionRunsNoHookAndIsNotSaved() {
        List<String> trace = new ArrayList<>();
        SecureCookieSessionInterface noKey = new SecureCookieSessionInterface(SessionConfig.builder().build(), NOW);
        SessionCycle cycle = SessionCycle.of(noKey, List.of(new Tracing("app", SessionHook.APPLICATION, trace)));
        FlaskSession s = cycle.open(NO_COOKIE);
        assertTrue(noKey.isNullSession(s));
        SecureCookieSaveTest.Recorded out = new SecureCookieSaveTest.Recorded();
        cycle.save(s, NO_COOKIE, out);
        assertEquals(List.of(), trace);
        assertEquals(List.of(), out.cookies);
    }

    @Test
    void aHookThatFailsBeforeTheSaveLeavesTheSessionUnsaved() {
        SessionHook failing = new SessionHook() {
            @Override
            public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
                throw new IllegalStateException("refused");
            }
        };
        SessionCycle cycle = SessionCycle.of(backend(SessionConfig.builder()), List.of(failing));
        FlaskSession s = cycle.open(NO_COOKIE);
        s.put("a", 1);
        SecureCookieSaveTest.Recorded out = new SecureCookieSaveTest.Recorded();
        assertThrows(IllegalStateException.class, () -> cycle.save(s, NO_COOKIE, out));
        assertEquals(List.of(), out.cookies);
        assertFalse(s.isSaved());
    }

    @Test
    void theTimeStampsAreBookkeepingAndDoNotAddVary() {
        SecureCookieSessionInterface b = backend(SessionConfig.builder().idleTimeout(Duration.ofSeconds(600)));
        SessionCycle cycle = SessionCycle.of(b, List.of());
        FlaskSession first = cycle.open(NO_COOKIE);
        first.put("a", 1);
        SecureCookieSaveTest.Recorded out = new SecureCookieSaveTest.Recorded();
        cycle.save(first, NO_COOKIE, out);
        String cookie = out.cookies.get(0).split(";", 2)[0];
        SessionRequest again = SessionRequest.fromCookieHeaders(List.of(cookie));
        FlaskSession untouched = cycle.open(again);
        SecureCookieSaveTest.Recorded second = new SecureCookieSaveTest.Recorded();
        cycle.save(untouched, again, second);
        assertEquals(List.of(), second.cookies, "a stamp younger than the granularity is not rewritten");
        assertEquals(List.of(), List.copyOf(second.vary), "the application never used the session");
    }

    @Test
    void aHookFailingAfterTheSaveLeavesTheResponseAsItIs() {
        SessionHook failing = new SessionHook() {
            @Override
            public void afterSave(FlaskSession session, SessionRequest request, SessionResponse response) {
                throw new IllegalStateException("observer failed");
            }
        };
        SessionCycle cycle = SessionCycle.of(backend(SessionConfig.builder()), List.of(failing));
        FlaskSession s = cycle.open(NO_COOKIE);
        s.put("a", 1);
        SecureCookieSaveTest.Recorded out = new SecureCookieSaveTest.Recorded();
        cycle.save(s, NO_COOKIE, out);
        assertEquals(1, out.cookies.size(), "the saved session's cookie still goes out: " + out.cookies);
        assertTrue(s.isSaved());
    }
}
