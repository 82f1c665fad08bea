package dev.flasksession.cdi;

import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionRequiredException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The interceptors behind {@link SessionRequired}, {@link PermanentSession} and {@link RegenerateSession}, enabled
 * for the whole application by their priorities.
 *
 * <p>Order, outermost first: {@code @SessionRequired} ({@value #SESSION_REQUIRED}), {@code @PermanentSession}
 * ({@value #PERMANENT_SESSION}), {@code @RegenerateSession} ({@value #REGENERATE_SESSION}), then application
 * interceptors at {@code Interceptor.Priority.APPLICATION} (2000) and above, then the method. So a refused request
 * never reaches an application interceptor, and the session is made permanent and regenerated only after the method
 * and the application's interceptors all succeeded.
 */
public final class SessionInterceptors {
    /** Priority of the {@code @SessionRequired} interceptor. */
    public static final int SESSION_REQUIRED = Interceptor.Priority.LIBRARY_BEFORE + 100;
    /** Priority of the {@code @PermanentSession} interceptor. */
    public static final int PERMANENT_SESSION = Interceptor.Priority.LIBRARY_BEFORE + 110;
    /** Priority of the {@code @RegenerateSession} interceptor. */
    public static final int REGENERATE_SESSION = Interceptor.Priority.LIBRARY_BEFORE + 120;

    private SessionInterceptors() {
    }

    /** Refuses the call when the session lacks the required keys. */
    @SessionRequired
    @Interceptor
    @Priority(SESSION_REQUIRED)
    public static class Required {
        @Inject
        FlaskSession session;

        /**
         * @param ctx the invocation
         * @return the method's result
         * @throws Exception what the method throws, or {@link SessionRequiredException}
         */
        @AroundInvoke
        public Object check(InvocationContext ctx) throws Exception {
            String[] keys = requiredKeys(ctx);
            List<String> missing = new ArrayList<>();
            for (String key : keys) {
                if (session.get(key) == null) {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty() || (keys.length == 0 && !session.hasData())) {
                throw new SessionRequiredException(missing);
            }
            return ctx.proceed();
        }

        private static String[] requiredKeys(InvocationContext ctx) {
            Method method = ctx.getMethod();
            SessionRequired binding = method == null ? null : method.getAnnotation(SessionRequired.class);
            if (binding == null && method != null) {
                binding = method.getDeclaringClass().getAnnotation(SessionRequired.class);
            }
            if (binding == null && ctx.getTarget() != null) {
                for (Class<?> c = ctx.getTarget().getClass(); c != null && binding == null; c = c.getSuperclass()) {
                    binding = c.getAnnotation(SessionRequired.class);
                }
            }
            return binding == null ? new String[0] : binding.value();
        }
    }

    /** Makes the session permanent after the method succeeded. */
    @PermanentSession
    @Interceptor
    @Priority(PERMANENT_SESSION)
    public static class Permanent {
        @Inject
        FlaskSession session;

        /**
         * @param ctx the invocation
         * @return the method's result
         * @throws Exception what the method throws; the session is then left as it was
         */
        @AroundInvoke
        public Object makePermanent(InvocationContext ctx) throws Exception {
            Object result = ctx.proceed();
            session.setPermanent(true);
            return result;
        }
    }

    /** Gives the session a new id after the method succeeded. */
    @RegenerateSession
    @Interceptor
    @Priority(REGENERATE_SESSION)
    public static class Regenerate {
        @Inject
        FlaskSession session;

        /**
         * @param ctx the invocation
         * @return the method's result
         * @throws Exception what the method throws; the id is then left as it was
         */
        @AroundInvoke
        public Object regenerate(InvocationContext ctx) throws Exception {
            Object result = ctx.proceed();
            session.regenerate();
            return result;
        }
    }
}
