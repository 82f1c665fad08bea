package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Holds the session the request filter opened, and gives it to {@code @Inject FlaskSession} anywhere in the request.
 */
@RequestScoped
public class CurrentSession {
    private FlaskSession session;

    /**
     * @param session the session opened for this request
     */
    public void open(FlaskSession session) {
        this.session = session;
    }

    /**
     * @return the request's session
     * @throws IllegalStateException when no session was opened, i.e. the request did not pass the session filter
     */
    @Produces
    @RequestScoped
    public FlaskSession flaskSession() {
        if (session == null) {
            throw new IllegalStateException("No Flask session is open for this request: register the JAX-RS provider "
                    + "dev.flasksession.jaxrs.SessionFilter, and use the session only while a request runs");
        }
        return session;
    }
}
