package dev.flasksession.csrf;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Checks the CSRF token of requests to this resource method, or to every method of this resource class, whose method
 * is one of {@code WTF_CSRF_METHODS}: what a Flask view does by calling {@code csrf.protect()} when
 * {@code WTF_CSRF_CHECK_DEFAULT} is off. With {@code WTF_CSRF_CHECK_DEFAULT=true} every such request is checked and
 * this annotation changes nothing. A method's own {@link CsrfExempt} wins over this on its class, and this on a
 * method wins over {@link CsrfExempt} on its class. {@code WTF_CSRF_ENABLED=false} turns every check off.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CsrfProtected {
}
