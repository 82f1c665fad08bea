package dev.flasksession.session;

import java.util.List;

/**
 * A method annotated {@code @SessionRequired} was called without the session keys it needs, as Flask-Login's
 * {@code login_required} refuses anonymous users. The JAX-RS integration answers it with a 401.
 */
public class SessionRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> missingKeys;

    /**
     * @param missingKeys the required keys the session lacks; empty when any data was required and there was none
     */
    public SessionRequiredException(List<String> missingKeys) {
        super(missingKeys.isEmpty() ? "A session is required" : "The session lacks " + missingKeys);
        this.missingKeys = List.copyOf(missingKeys);
    }

    /** @return the keys the session lacks */
    public List<String> missingKeys() {
        return missingKeys;
    }
}
