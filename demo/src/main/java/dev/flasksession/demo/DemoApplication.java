package dev.flasksession.demo;

import dev.flasksession.jaxrs.FlaskSessionProviders;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;

/**
 * The demo's JAX-RS application. It lists its classes because {@code SeBootstrap} does not scan, and RESTEasy's
 * scanning finds nothing when a jar on the class path carries a Jandex index.
 */
public class DemoApplication extends Application {
    private final Set<Class<?>> classes;

    /** The demo's resources and the library's providers. */
    public DemoApplication() {
        this(Set.of());
    }

    /**
     * @param extra more resource or provider classes, as the integration tests add
     */
    public DemoApplication(Set<Class<?>> extra) {
        Set<Class<?>> all = new HashSet<>(FlaskSessionProviders.classes());
        all.add(SessionApiResource.class);
        all.add(HomePage.class);
        all.add(UserSessionsResource.class);
        all.add(LoginResource.class);
        all.add(FlashResource.class);
        all.add(CsrfResource.class);
        all.addAll(extra);
        this.classes = Set.copyOf(all);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return classes;
    }
}
