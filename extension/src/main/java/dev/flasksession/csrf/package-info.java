/**
 * Flask-WTF 1.3.0's CSRF protection ({@code flask_wtf/csrf.py}), so that a token a Flask page carries validates in
 * Java and a token made here validates in Flask: {@link dev.flasksession.csrf.CsrfTokens} is {@code generate_csrf}
 * and {@code validate_csrf}, {@link dev.flasksession.csrf.CsrfProtect} is {@code CSRFProtect.protect} with
 * {@code _get_csrf_token} and {@code same_origin}, and {@link dev.flasksession.csrf.WtfCsrfSettings} reads
 * Flask-WTF's settings under their own names.
 *
 * <p>The check itself is plain code over a session map and a small view of the request, with no servlet or JAX-RS
 * type. Two CDI beans put it to use: {@link dev.flasksession.csrf.CsrfProtection} decides which requests are checked
 * ({@link dev.flasksession.csrf.CsrfProtected}, {@link dev.flasksession.csrf.CsrfExempt},
 * {@code WTF_CSRF_CHECK_DEFAULT}), and {@link dev.flasksession.csrf.CurrentCsrf} is the request's token for pages
 * and scripts. The JAX-RS integration reads the request and its form and turns a
 * {@link dev.flasksession.csrf.CsrfValidationException} into Flask-WTF's 400.
 */
package dev.flasksession.csrf;
