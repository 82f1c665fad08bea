package dev.flasksession.cdi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Once the method returns without an exception, the session is made permanent ({@code session.permanent = True}):
 * it then lasts {@code PERMANENT_SESSION_LIFETIME} instead of ending with the browser. Runs after
 * {@link SessionRequired} and before {@link RegenerateSession} ({@link SessionInterceptors#PERMANENT_SESSION}).
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PermanentSession {
}
