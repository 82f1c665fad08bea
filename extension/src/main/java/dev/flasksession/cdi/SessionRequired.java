package dev.flasksession.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method runs only when the session holds the named keys (or, with no names, any data); otherwise it is not
 * called and the client gets a 401 with a small JSON problem body, like Flask-Login's {@code login_required}.
 * On a class, it applies to every business method.
 *
 * <p>Runs first among this library's interceptors ({@link SessionInterceptors#SESSION_REQUIRED}), before any
 * application interceptor at {@code Interceptor.Priority.APPLICATION}.
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SessionRequired {
    /** @return the keys that must be present, e.g. {@code "user_id"} */
    @Nonbinding
    String[] value() default {};
}
