package dev.flasksession.jaxrs;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Registers the library's providers ({@link FlaskSessionProviders#classes()}) in Jakarta REST 3.1 applications with no
 * setup, on runtimes that load features as that version allows (RESTEasy, Jersey; not TomEE 10.0.0-M2's CXF): the runtime loads this feature through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/jakarta.ws.rs.core.Feature}), so the session filter is there even where nothing scans
 * for {@code @Provider} classes: an {@code Application} that lists its own classes, {@code SeBootstrap}, or a
 * RESTEasy deployment whose jars carry a Jandex index. Providers that scanning already registered are left alone.
 *
 * <p>A runtime older than 3.1, or one started with {@code jakarta.ws.rs.loadServices=false}, ignores it; list
 * {@link FlaskSessionProviders#classes()} in {@code Application.getClasses()} there, or rely on scanning.
 */
public class FlaskSessionFeature implements Feature {
    /** Called by the Jakarta REST runtime. */
    public FlaskSessionFeature() {
    }

    @Override
    public boolean configure(FeatureContext context) {
        for (Class<?> provider : FlaskSessionProviders.classes()) {
            if (!context.getConfiguration().isRegistered(provider)) {
                context.register(provider);
            }
        }
        return true;
    }
}
