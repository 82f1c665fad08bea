package dev.flasksession.jaxrs;

import java.util.Set;

/**
 * The JAX-RS providers of this library, for applications that list their classes in
 * {@code Application.getClasses()} instead of relying on scanning (RESTEasy's scanning finds nothing when a jar on
 * the class path carries a Jandex index, and {@code SeBootstrap} does not scan).
 */
public final class FlaskSessionProviders {
    private FlaskSessionProviders() {
    }

    /** @return the session filter and the exception mappers */
    public static Set<Class<?>> classes() {
        return Set.of(SessionFilter.class, SessionUnavailableMapper.class, SessionRequiredMapper.class,
                SessionStoreUnavailableMapper.class);
    }
}
