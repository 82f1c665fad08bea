package dev.flasksession.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * Qualifies the library's own {@link SignOutStore}, produced by the package of the store that keeps it (Redis). A
 * qualifier rather than an alternative: an enabled alternative would beat the application's own {@code @Default}
 * bean, and without either the two would be ambiguous. {@link UserSessions} uses it only when the application
 * provides none.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface BuiltIn {
}
