package dev.flasksession.cdi;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.SessionInterface;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticObserver;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.EventContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CDI Lite side of the library, for containers that run build compatible extensions but not portable ones
 * (Quarkus's ArC). Where {@link FlaskSessionExtension} runs (Weld, OpenWebBeans), this one is skipped.
 *
 * <p>Such containers ignore {@code <alternatives>} in {@code beans.xml}, so the backend is chosen by
 * {@code SESSION_TYPE} (see {@link SessionType}), read when the application starts, not when it is built: one build
 * runs on every backend. The choice is a synthetic alternative of the lowest priority, so an application's own
 * {@code @Alternative @Priority} backend still wins. At start-up the active backend is created and checked as
 * {@link FlaskSessionExtension} checks it at deployment: a bad setting stops the application with a message naming
 * it, and a valid setup logs the same INFO line.
 */
@SkipIfPortableExtensionPresent(FlaskSessionExtension.class)
public class FlaskSessionBuildExtension implements BuildCompatibleExtension {
    /** Below every priority an application would give its own alternative. */
    static final int PRIORITY = 1;

    /**
     * @param components where the backend and the start-up check are added
     */
    @Synthesis
    public void synthesize(SyntheticComponents components) {
        components.addBean(SessionInterface.class)
                .type(SessionInterface.class)
                .scope(Dependent.class)
                .alternative(true)
                .priority(PRIORITY)
                .createWith(ConfiguredBackend.class);
        components.addObserver(Startup.class)
                .declaringClass(FlaskSessionBuildExtension.class)
                .observeWith(StartupCheck.class);
    }

    /** Makes the backend {@code SESSION_TYPE} names. */
    public static class ConfiguredBackend implements SyntheticBeanCreator<SessionInterface> {
        /** Called by the container. */
        public ConfiguredBackend() {
        }

        @Override
        public SessionInterface create(Instance<Object> lookup, Parameters params) {
            ConfigSource source = lookup.select(ConfigSource.class).get();
            SessionConfig config = lookup.select(SessionConfig.class).get();
            return SessionType.configured(source).create(config, lookup);
        }
    }

    /** Creates and checks the active backend when the application starts; a bad setup stops it. */
    public static class StartupCheck implements SyntheticObserver<Startup> {
        /** Called by the container. */
        public StartupCheck() {
        }

        @Override
        public void observe(EventContext<Startup> event, Parameters params) {
            Instance<SessionInterface> backends = CDI.current().select(SessionInterface.class);
            Instance.Handle<SessionInterface> handle = backends.getHandle();
            Class<?> beanClass = handle.getBean().getBeanClass();
            boolean ours = beanClass == SessionInterface.class || beanClass == FlaskSessionBuildExtension.class
                    || beanClass == ConfiguredBackend.class;
            String bean = ours ? "chosen by " + configuredType() : beanClass.getName();
            // Only a dependent instance is ours to destroy; a normal-scoped one is the application's live backend.
            boolean dependent = handle.getBean().getScope() == Dependent.class;
            List<DeploymentException> problems = FlaskSessionExtension.startProblems(bean, handle::get, backend -> {
                if (dependent) {
                    handle.destroy();
                }
            });
            if (!problems.isEmpty()) {
                DeploymentException first = problems.get(0);
                DeploymentException all = new DeploymentException(problems.stream().map(Throwable::getMessage)
                        .collect(Collectors.joining("\n")), first.getCause());
                problems.stream().skip(1).forEach(all::addSuppressed);
                throw all;
            }
        }

        private static String configuredType() {
            try {
                return SessionType.SETTING.show(SessionType.configured(CDI.current().select(ConfigSource.class).get()));
            } catch (SessionConfigException e) {
                return SessionType.SETTING.name();
            }
        }
    }
}
