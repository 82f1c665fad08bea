/**
 * Flask-WTF 1.3.0's CSRF protection ({@code flask_wtf/csrf.py}), so that a token a Flask page carries validates in
 * Java and a token made here validates in Flask: {@link dev.flasksession.csrf.CsrfTokens} is {@code generate_csrf}
 * and {@code validate_csrf}, {@link dev.flasksession.csrf.CsrfProtect} is {@code CSRFProtect.protect} with
 * {@code _get_csrf_token} and {@code same_origin}, and {@link dev.flasksession.csrf.WtfCsrfSettings} reads
 * Flask-WTF's settings under their own names.
 *
 * <p>Everything here is plain code over a session map and a small view of the request; it knows no servlet, JAX-RS
 * or CDI type. The integration reads the request, makes a {@link dev.flasksession.csrf.RequestCsrf} per request and
 * turns a {@link dev.flasksession.csrf.CsrfValidationException} into Flask-WTF's 400.
 */
package dev.flasksession.csrf;
