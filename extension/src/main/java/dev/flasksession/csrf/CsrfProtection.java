package dev.flasksession.csrf;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

/**
 * Flask-WTF's {@code CSRFProtect} for the application: its settings, the token codec, and which requests are
 * checked. The request filter of the integration asks {@link #checks} for each matched request and runs
 * {@link CurrentCsrf#protect} on those.
 *
 * <p>Which requests: none with {@code WTF_CSRF_ENABLED=false}; else only those of {@code WTF_CSRF_METHODS}, and of
 * those every one with {@code WTF_CSRF_CHECK_DEFAULT=true}, or only those to a {@link CsrfProtected} resource
 * without it, and never one to a {@link CsrfExempt} resource. A Flask app turns the check on by calling
 * {@code CSRFProtect(app)}; an application here has no such call, so {@code WTF_CSRF_CHECK_DEFAULT} is off unless
 * set, and adding this library never starts refusing an application's existing posts.
 *
 * <p>The settings are read at start-up, so a bad one fails the deployment naming itself; so does checking every
 * request with no key to check with. Without a key and without that, the deployment starts and asking for a token
 * fails, as Flask-WTF's {@code generate_csrf()} does.
 */
@ApplicationScoped
public class CsrfProtection {
    @Inject
    ConfigSource source;

    @Inject
    SessionConfig config;

    private volatile Setup setup;

    private record Setup(WtfCsrfSettings settings, CsrfTokens tokens, CsrfProtect protect,
                         SessionConfigException noKey) {
    }

    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Setup s = setup();
        if (s.noKey() != null && s.settings().enabled() && s.settings().checkDefault()) {
            throw s.noKey();
        }
    }

    private Setup setup() {
        Setup s = setup;
        if (s == null) {
            synchronized (this) {
                if (setup == null) {
                    WtfCsrfSettings settings = WtfCsrfSettings.from(source);
                    CsrfTokens tokens = null;
                    SessionConfigException noKey = null;
                    try {
                        tokens = CsrfTokens.from(settings, config);
                    } catch (SessionConfigException e) {
                        noKey = e;
                    }
                    setup = new Setup(settings, tokens, tokens == null ? null : new CsrfProtect(tokens, settings),
                            noKey);
                }
                s = setup;
            }
        }
        return s;
    }

    /** @return Flask-WTF's settings */
    public WtfCsrfSettings settings() {
        return setup().settings();
    }

    /**
     * @return the token codec
     * @throws SessionConfigException naming {@code WTF_CSRF_SECRET_KEY} when neither it nor {@code SECRET_KEY} is set
     */
    public CsrfTokens tokens() {
        Setup s = setup();
        if (s.tokens() == null) {
            throw s.noKey();
        }
        return s.tokens();
    }

    /**
     * @return the check itself
     * @throws SessionConfigException as {@link #tokens()}
     */
    public CsrfProtect protect() {
        tokens();
        return setup().protect();
    }

    /**
     * @param method         the request's method
     * @param resourceMethod the Java method that answers it, or {@code null} when none matched (nothing is checked)
     * @param resourceClass  its resource class, or {@code null}
     * @return whether the request must pass the check
     */
    public boolean checks(String method, AnnotatedElement resourceMethod, Class<?> resourceClass) {
        WtfCsrfSettings settings = settings();
        if (!settings.enabled() || resourceMethod == null || !settings.methods().contains(method)) {
            return false;
        }
        Optional<Boolean> own = marked(resourceMethod);
        if (own.isPresent()) {
            return own.get();
        }
        return (resourceClass == null ? Optional.<Boolean>empty() : marked(resourceClass))
                .orElse(settings.checkDefault());
    }

    private static Optional<Boolean> marked(AnnotatedElement element) {
        if (element.isAnnotationPresent(CsrfExempt.class)) {
            return Optional.of(false);
        }
        if (element.isAnnotationPresent(CsrfProtected.class)) {
            return Optional.of(true);
        }
        return Optional.empty();
    }
}
