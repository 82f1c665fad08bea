package dev.flasksession.it;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionHook;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SetCookie;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A hook bean, as an application writes one, that acts only on requests sending {@value #TRIGGER}, so that every
 * other test sees the library's bytes alone. It reports over HTTP what a hook can read of the request and shows that
 * it can set a cookie and headers of its own.
 */
@ApplicationScoped
public class TestHooks implements SessionHook {
    static final String TRIGGER = "X-Test-Hook";
    static final String PUT_ON_OPEN = "X-Test-Hook-Put";

    @Override
    public void opened(FlaskSession session, SessionRequest request) {
        if (request.header(TRIGGER).isPresent()) {
            request.header(PUT_ON_OPEN).ifPresent(value -> session.put("hook_opened", value));
        }
    }

    @Override
    public void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        if (request.header(TRIGGER).isEmpty()) {
            return;
        }
        response.setHeader("X-Hook-Request", request.method() + " " + request.target());
        response.setHeader("X-Hook-Remote", request.remoteAddress().orElse("none"));
        response.setHeader("X-Hook-Trigger", String.join("|", request.headers(TRIGGER)));
        response.setHeader("X-Hook-User-Agent", request.header("user-agent").orElse("none"));
        response.setCookie(SetCookie.of("hook", "seen", null, null, "/", false, true, null, false));
    }

    @Override
    public void afterSave(FlaskSession session, SessionRequest request, SessionResponse response) {
        if (request.header(TRIGGER).isPresent()) {
            response.addHeader("X-Hook-After", session.isModified() ? "modified" : "unmodified");
        }
    }
}
