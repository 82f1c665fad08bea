package dev.flasksession.csrf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flask-WTF's {@code @csrf.exempt}: requests to this resource method, or to every method of this resource class (a
 * blueprint, in Flask's terms), are never checked, not even with {@code WTF_CSRF_CHECK_DEFAULT=true}. For endpoints
 * that authenticate otherwise, such as webhooks signed by their sender. A method's own {@link CsrfProtected} wins
 * over this on its class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CsrfExempt {
}
