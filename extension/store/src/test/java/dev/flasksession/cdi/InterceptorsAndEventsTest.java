package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.store.ServerSideSession;
import dev.flasksession.session.SessionRequiredException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableWeld
class InterceptorsAndEventsTest {
    static final List<String> TRACE = new ArrayList<>();

    /** An application interceptor, to prove the library's compose with it. */
    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Audited {
    }

    /** Records when it runs, and what the session looked like then. */
    @Audited
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class AuditInterceptor {
        @jakarta.inject.Inject
        FlaskSession session;

        @AroundInvoke
        Object audit(InvocationContext ctx) throws Exception {
            TRACE.add("audit-before permanent=" + session.isPermanent());
            Object result = ctx.proceed();
            TRACE.add("audit-after permanent=" + session.isPermanent());
            return result;
        }
    }

    /** An application bean using the bindings. */
    @ApplicationScoped
    public static class Account {
        @jakarta.inject.Inject
        FlaskSession session;

        @SessionRequired("user_id")
        @Audited
        public String profile() {
            TRACE.add("profile");
            return "user " + session.get("user_id");
        }

        @SessionRequired
        public String anything() {
            return "ok";
        }

        @PermanentSession
        @RegenerateSession
        @Audited
        public void signIn(int id) {
            TRACE.add("signIn");
            session.put("user_id", id);
        }

        @PermanentSession
        @RegenerateSession
        public void failingSignIn() {
            throw new IllegalStateException("wrong password");
        }
    }

    /** Counts events. */
    @ApplicationScoped
    public static class Observer {
        private final List<Object> seen = new ArrayList<>();

        /** @return what was observed; a method, since a client proxy's fields are empty */
        List<Object> seen() {
            return seen;
        }

        void created(@Observes SessionCreated e) {
            seen.add(e);
        }

        void saved(@Observes SessionSaved e) {
            seen.add(e);
        }

        void cleared(@Observes SessionCleared e) {
            seen.add(e);
        }

        void expired(@Observes SessionExpired e) {
            seen.add(e);
        }

        void regenerated(@Observes SessionRegenerated e) {
            seen.add(e);
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(CurrentSession.class, SessionEvents.class, Account.class, Observer.class,
                    AuditInterceptor.class, SessionInterceptors.Required.class, SessionInterceptors.Permanent.class,
                    SessionInterceptors.Regenerate.class)
            .activate(RequestScoped.class)
            .build();

    private FlaskSession session;

    @BeforeEach
    void open() {
        TRACE.clear();
        session = new FlaskSession();
        weld.select(CurrentSession.class).get().open(dev.flasksession.session.SessionRequest.fromCookieHeaders(java.util.List.of()), session);
    }

    @Test
    void sessionRequiredRefusesBeforeAnyApplicationInterceptor() {
        Account account = weld.select(Account.class).get();
        SessionRequiredException e = assertThrows(SessionRequiredException.class, account::profile);
        assertEquals(List.of("user_id"), e.missingKeys());
        assertEquals(List.of(), TRACE, "neither the method nor the application's interceptor ran");
        assertThrows(SessionRequiredException.class, account::anything);

        session.put("user_id", 7);
        assertEquals("user 7", account.profile());
        assertEquals("ok", account.anything());
    }

    @Test
    void permanentAndRegenerateApplyAfterTheMethodAndTheApplicationsInterceptors() {
        weld.select(Account.class).get().signIn(7);
        assertEquals(List.of("audit-before permanent=false", "signIn", "audit-after permanent=false"), TRACE);
        assertTrue(session.isPermanent());
        assertTrue(session.isRegenerateRequested());
    }

    @Test
    void aFailedMethodChangesNothing() {
        assertThrows(IllegalStateException.class, () -> weld.select(Account.class).get().failingSignIn());
        assertFalse(session.isPermanent());
        assertFalse(session.isRegenerateRequested());
        assertFalse(session.isModified());
    }

    /** Most requests open a new session and store nothing: no secure randomness is spent on an id for them. */
    @Test
    void aNewSessionThatStoresNothingNeverGetsAnId() {
        SessionEvents events = weld.select(SessionEvents.class).get();
        List<Object> seen = weld.select(Observer.class).get().seen();
        AtomicInteger idsMade = new AtomicInteger();
        ServerSideSession fresh = new ServerSideSession(Map.of("_permanent", true), () -> {
            idsMade.incrementAndGet();
            return "never-stored";
        });
        fresh.get("user_id");
        events.afterSave(fresh);
        assertEquals(0, idsMade.get(), "an id was made for a session nobody stores");
        assertEquals(List.of(), seen);
    }

    @Test
    void eventsFollowWhatChanged() {
        SessionEvents events = weld.select(SessionEvents.class).get();
        List<Object> seen = weld.select(Observer.class).get().seen();

        FlaskSession readOnly = new FlaskSession(Map.of("a", 1), false);
        readOnly.get("a");
        events.afterSave(readOnly);
        assertEquals(List.of(), seen, "nothing for a read");

        FlaskSession fresh = new FlaskSession();
        fresh.put("a", 1);
        events.afterSave(fresh);
        assertEquals(List.of(new SessionCreated(java.util.Optional.empty()), new SessionSaved(java.util.Optional.empty())), seen);

        seen.clear();
        ServerSideSession stored = new ServerSideSession(Map.of("_permanent", true, "a", 1), "old-id", false);
        stored.assignSid("new-id");
        stored.markModified();
        events.afterSave(stored);
        assertEquals(List.of(new SessionRegenerated("old-id", "new-id"), new SessionSaved(java.util.Optional.of("new-id"))), seen);

        seen.clear();
        ServerSideSession emptied = new ServerSideSession(Map.of("_permanent", true, "a", 1), "id", false);
        emptied.clear();
        events.afterSave(emptied);
        assertEquals(List.of(new SessionCleared(java.util.Optional.of("id"))), seen);

        seen.clear();
        ServerSideSession timedOut = new ServerSideSession(Map.of("_permanent", true, "a", 1), "stale-id", false);
        timedOut.markExpired();
        timedOut.assignSid("fresh-id");
        events.afterSave(timedOut);
        assertEquals(List.of(new SessionExpired(java.util.Optional.of("fresh-id"))), seen,
                "an expiry is neither a clear nor a regeneration");

        seen.clear();
        FlaskSession expiredThenUsed = new FlaskSession(Map.of("a", 1), false);
        expiredThenUsed.markExpired();
        expiredThenUsed.put("b", 2);
        events.afterSave(expiredThenUsed);
        assertEquals(List.of(new SessionExpired(java.util.Optional.empty()), new SessionCreated(java.util.Optional.empty()),
                new SessionSaved(java.util.Optional.empty())), seen, "what follows an expiry is a new session");
    }
}
