package dev.flasksession.login;

import dev.flasksession.cdi.SessionInterceptors;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The interceptors behind {@link LoginRequired} and {@link FreshLoginRequired}, enabled for the whole application by
 * their priorities: right after {@code @SessionRequired} and before {@code @PermanentSession}, so a refused request
 * never reaches an application interceptor.
 */
public final class LoginInterceptors {
    /** Priority of the {@code @LoginRequired} interceptor. */
    public static final int LOGIN_REQUIRED = SessionInterceptors.SESSION_REQUIRED + 1;
    /** Priority of the {@code @FreshLoginRequired} interceptor. */
    public static final int FRESH_LOGIN_REQUIRED = SessionInterceptors.SESSION_REQUIRED + 2;

    private LoginInterceptors() {
    }

    /** Refuses an anonymous client. */
    @LoginRequired
    @Interceptor
    @Priority(LOGIN_REQUIRED)
    public static class Required {
        @Inject
        CurrentUser user;

        /**
         * @param ctx the invocation
         * @return the method's result
         * @throws Exception what the method throws, or {@link LoginRequiredException}
         */
        @AroundInvoke
        public Object check(InvocationContext ctx) throws Exception {
            if (!user.isExempt() && !user.isAuthenticated()) {
                throw user.unauthorized();
            }
            return ctx.proceed();
        }
    }

    /** Refuses an anonymous client, and a login that is not fresh. */
    @FreshLoginRequired
    @Interceptor
    @Priority(FRESH_LOGIN_REQUIRED)
    public static class FreshRequired {
        @Inject
        CurrentUser user;

        /**
         * @param ctx the invocation
         * @return the method's result
         * @throws Exception what the method throws, or {@link LoginRequiredException}
         */
        @AroundInvoke
        public Object check(InvocationContext ctx) throws Exception {
            if (!user.isExempt()) {
                if (!user.isAuthenticated()) {
                    throw user.unauthorized();
                }
                if (!user.isFresh()) {
                    throw new LoginRequiredException(true, null);
                }
            }
            return ctx.proceed();
        }
    }
}
