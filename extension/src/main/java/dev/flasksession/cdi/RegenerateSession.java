package dev.flasksession.cdi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Once the method returns without an exception, the session gets a new id with the same data (on server-side
 * backends; cookie sessions have no id): put it on sign-in, so an id known before cannot follow the user in.
 * Runs innermost of this library's interceptors ({@link SessionInterceptors#REGENERATE_SESSION}).
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RegenerateSession {
}
