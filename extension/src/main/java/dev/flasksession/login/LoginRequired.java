package dev.flasksession.login;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method runs only for a signed-in user, as Flask-Login's {@code login_required}: otherwise it is not called,
 * and the client gets a 401 with a small JSON problem body, or with {@code LOGIN_VIEW} set a redirect there with
 * {@code next} (and Flask-Login's "Please log in" flashed). {@code OPTIONS} requests pass, as Flask-Login exempts them.
 * On a class, it applies to every business method.
 *
 * <p>Runs right after {@code @SessionRequired} ({@link LoginInterceptors#LOGIN_REQUIRED}), before any application
 * interceptor.
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface LoginRequired {
}
