package dev.flasksession.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The JAX-RS application. In the plain WARs the server finds the resources and the library's providers by scanning.
 * The "listed" WAR carries {@value #LISTED_MARKER}: the application then lists its one resource class itself, which
 * turns scanning off, and the library's filter must arrive through Jakarta REST 3.1's {@code ServiceLoader}
 * (its {@code FlaskSessionFeature}).
 */
@ApplicationPath("/")
public class SampleApplication extends Application {
    /** The resource whose presence in the WAR makes the application list its classes. */
    public static final String LISTED_MARKER = "/flask-session-sample-listed";

    @Override
    public Set<Class<?>> getClasses() {
        return SampleApplication.class.getResource(LISTED_MARKER) != null ? Set.of(SampleResource.class) : Set.of();
    }
}
