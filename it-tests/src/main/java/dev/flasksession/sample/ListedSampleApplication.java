package dev.flasksession.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The application of the "listed" WAR, in place of {@link SampleApplication}: it lists its one resource class itself,
 * which turns scanning off, so the library's filter must arrive through Jakarta REST 3.1's {@code ServiceLoader}
 * (its {@code FlaskSessionFeature}).
 */
@ApplicationPath("/")
public class ListedSampleApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SampleResource.class);
    }
}
