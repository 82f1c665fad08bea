package dev.flasksession.jaxrs;

import java.util.Set;

/**
 * The JAX-RS providers of this library. {@link FlaskSessionFeature} registers them on Jakarta REST 3.1 runtimes; on
 * older ones, applications that list their classes in {@code Application.getClasses()} instead of relying on
 * scanning add these.
 */
public final class FlaskSessionProviders {
    private FlaskSessionProviders() {
    }

    /** @return the session and CSRF filters and the exception mappers */
    public static Set<Class<?>> classes() {
        return Set.of(SessionFilter.class, SessionUnavailableMapper.class, SessionRequiredMapper.class,
                SessionStoreUnavailableMapper.class, LoginRequiredMapper.class, CsrfFilter.class,
                CsrfValidationMapper.class);
    }
}
