package dev.flasksession.cdi;

import dev.flasksession.session.SessionCycle;
import dev.flasksession.session.SessionHook;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.users.SignOutHook;
import dev.flasksession.users.UserSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the application's {@link SessionCycle}: the selected {@link SessionInterface}, the timeouts, the sign-out
 * check when {@code SESSION_TRACK_USERS} is on and a sign-out store exists, and every {@link SessionHook} bean
 * (the session events among them), ordered by {@link SessionHook#priority()}.
 */
@ApplicationScoped
public class SessionCycleProducer {
    /**
     * @param backend      the selected session interface
     * @param userSessions where sign-outs are recorded, if anywhere
     * @param hooks        every hook bean
     * @return the cycle the request filter runs
     */
    @Produces
    @Singleton
    public SessionCycle sessionCycle(SessionInterface backend, UserSessions userSessions,
                                     @Any Instance<SessionHook> hooks) {
        List<SessionHook> all = new ArrayList<>();
        if (backend.config().trackUsers()) {
            userSessions.store().ifPresent(store -> all.add(new SignOutHook(backend, store)));
        }
        hooks.forEach(all::add);
        return SessionCycle.of(backend, all);
    }
}
