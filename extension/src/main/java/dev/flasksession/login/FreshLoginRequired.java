package dev.flasksession.login;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method runs only for a fresh login, as Flask-Login's {@code fresh_login_required}: an anonymous client is
 * refused as by {@link LoginRequired}, and a login restored from the remember-me cookie (or marked not fresh by session
 * protection) gets a 401 ({@code needs_refresh}). {@code OPTIONS} requests pass. On a class, it applies to every
 * business method.
 *
 * <p>Runs right after {@link LoginRequired} ({@link LoginInterceptors#FRESH_LOGIN_REQUIRED}).
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FreshLoginRequired {
}
