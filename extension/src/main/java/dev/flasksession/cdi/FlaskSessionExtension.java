package dev.flasksession.cdi;

import dev.flasksession.config.SameSite;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.NullSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The portable extension: makes the application's choice of backend apply to this library, and checks the setup
 * when the application is deployed.
 *
 * <p>CDI enables an alternative selected in a {@code beans.xml} only inside that bean archive, so the library's own
 * JAX-RS filter, in another archive, would keep the default backend. This extension reads the application's
 * {@code beans.xml} files and enables the selected {@link SessionInterface} for the whole deployment.
 * {@code @Priority} alternatives need no help.
 *
 * <p>At deployment it reports, as deployment problems that name the setting, the bean and the fix: two selected or
 * enabled backends, a bad setting, a secret key shorter than 16 bytes on a backend that signs or encrypts, and
 * {@code SESSION_COOKIE_SAMESITE=None} without {@code SESSION_COOKIE_SECURE}. A valid deployment logs one INFO line
 * with the active backend and its settings, secrets masked, and warns once when sessions are unavailable.
 */
public class FlaskSessionExtension implements Extension {
    /** A key shorter than this is refused on backends that sign. */
    public static final int MIN_SECRET_KEY_BYTES = 16;

    private static final Logger LOG = Logger.getLogger(FlaskSessionExtension.class.getName());

    private final List<String> problems = new ArrayList<>();
    private final List<Bean<?>> backends = new ArrayList<>();

    void selectBackend(@Observes AfterTypeDiscovery event) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = FlaskSessionExtension.class.getClassLoader();
        }
        Map<String, List<URL>> selected = BeansXmlAlternatives.read(loader, FlaskSessionExtension.class);
        List<Class<?>> backends = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Map.Entry<String, List<URL>> e : selected.entrySet()) {
            Class<?> type = load(e.getKey(), loader);
            if (type != null && SessionInterface.class.isAssignableFrom(type)) {
                backends.add(type);
                where.add(e.getKey() + " (in " + e.getValue().stream().map(URL::toString).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (backends.size() > 1) {
            problems.add("flask-session: beans.xml selects more than one session backend: " + String.join("; ", where)
                    + ". Keep one <class> line in <alternatives>.");
        } else if (backends.size() == 1 && !event.getAlternatives().contains(backends.get(0))) {
            event.getAlternatives().add(backends.get(0));
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Every enabled backend bean, from every archive: the bean manager given at validation may not see them all. */
    <T> void collectBackends(@Observes ProcessBean<T> event) {
        if (event.getBean().getTypes().contains(SessionInterface.class)) {
            backends.add(event.getBean());
        }
    }

    @SuppressWarnings("unchecked")
    void validate(@Observes AfterDeploymentValidation event, BeanManager beans) {
        problems.forEach(p -> event.addDeploymentProblem(new DeploymentException(p)));
        if (!problems.isEmpty()) {
            return;
        }
        List<Bean<?>> alternatives = backends.stream().filter(FlaskSessionExtension::isAlternative).toList();
        List<Bean<?>> defaults = backends.stream().filter(b -> !isAlternative(b)).toList();
        if (alternatives.size() > 1) {
            event.addDeploymentProblem(new DeploymentException("flask-session: more than one session backend is "
                    + "enabled: " + alternatives.stream().map(FlaskSessionExtension::describe).collect(Collectors.joining(", "))
                    + ". Enable one: keep one <class> in beans.xml <alternatives>, or one @Priority alternative."));
            return;
        }
        List<Bean<?>> chosen = alternatives.isEmpty() ? defaults : alternatives;
        if (chosen.size() != 1) {
            event.addDeploymentProblem(new DeploymentException("flask-session: cannot choose a session backend among "
                    + chosen.stream().map(FlaskSessionExtension::describe).toList()
                    + ". Select one as an alternative in beans.xml or with @Priority."));
            return;
        }
        Bean<SessionInterface> active = (Bean<SessionInterface>) chosen.get(0);
        CreationalContext<SessionInterface> context = beans.createCreationalContext(active);
        startProblems(describe(active), () -> active.create(context), backend -> active.destroy(backend, context))
                .forEach(event::addDeploymentProblem);
    }

    /**
     * Creates the active backend once, as the first request would, and checks it; shared by this extension and
     * {@link FlaskSessionBuildExtension}.
     *
     * @param bean    how to name the backend in messages
     * @param create  makes the backend
     * @param destroy releases it again
     * @return the deployment problems, each naming the setting at fault; empty when the setup is valid (then it is
     *         logged)
     */
    static List<DeploymentException> startProblems(String bean, Supplier<SessionInterface> create,
            Consumer<SessionInterface> destroy) {
        try {
            SessionInterface backend = create.get();
            try {
                return check(backend, bean).stream().map(DeploymentException::new).toList();
            } finally {
                destroy.accept(backend);
            }
        } catch (SessionConfigException e) {
            return List.of(new DeploymentException("flask-session: " + e.getMessage()
                    + " (while creating the session backend " + bean + ")", e));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof SessionConfigException)) {
                root = root.getCause();
            }
            String message = root instanceof SessionConfigException
                    ? root.getMessage() + " (while creating the session backend " + bean + ")"
                    : "the session backend " + bean + " cannot start: " + root.getMessage();
            return List.of(new DeploymentException("flask-session: " + message, e));
        }
    }

    /**
     * @param backend the active backend, just created
     * @param bean    how to name it in messages
     * @return the deployment problems of this setup; empty when it is valid (then it is logged)
     */
    static List<String> check(SessionInterface backend, String bean) {
        List<String> found = new ArrayList<>();
        SessionConfig config = backend.config();
        Optional<String> keyUse = backend.secretKeyUse();
        config.secretKey().ifPresent(key -> {
            int length = key.getBytes(StandardCharsets.UTF_8).length;
            if (keyUse.isPresent() && length < MIN_SECRET_KEY_BYTES) {
                String use = keyUse.get();
                found.add("flask-session: SECRET_KEY is " + length + " bytes, too short for " + bean + ", which " + use
                        + " with it. Use at least " + MIN_SECRET_KEY_BYTES + " random bytes, for example the output of: "
                        + "python3 -c 'import secrets; print(secrets.token_hex(32))'");
            }
        });
        if (config.cookieSameSite().orElse(null) == SameSite.NONE && !config.cookieSecure()) {
            found.add("flask-session: SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE=true (bean " + bean
                    + "): browsers drop SameSite=None cookies that are not Secure. Set SESSION_COOKIE_SECURE=true, "
                    + "or use Lax.");
        }
        if (found.isEmpty()) {
            LOG.info("flask-session: active backend " + backend.getClass().getName() + " (bean " + bean + ") with "
                    + backend.settingsSummary());
            FlaskSession probe = backend.openSession(SessionRequest.fromCookieHeaders(List.of()));
            if (probe == null || backend.isNullSession(probe)) {
                LOG.warning("flask-session: " + NullSession.MESSAGE + " Until then every session is empty and read-only.");
            }
        }
        return found;
    }

    /** A producer is an alternative when the bean declaring it is one; Weld reports only the annotation on the method. */
    private static boolean isAlternative(Bean<?> bean) {
        return bean.isAlternative() || (!SessionInterface.class.isAssignableFrom(bean.getBeanClass())
                && bean.getBeanClass().isAnnotationPresent(Alternative.class));
    }

    private static String describe(Bean<?> bean) {
        Class<?> c = bean.getBeanClass();
        return SessionInterface.class.isAssignableFrom(c) ? c.getName() : "a SessionInterface producer in " + c.getName();
    }
}
