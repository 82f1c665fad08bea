/**
 * Flask-Login 0.6.3's state, read and written as Flask-Login does, so one signed-in user is shared with a Flask app:
 * the session keys ({@code _user_id}, {@code _fresh}, {@code _id}, {@code _remember}, {@code _remember_seconds}),
 * the remember-me cookie and session protection. This package is pure logic over the session map and plain
 * request values, mirroring Flask-Login's modules: {@link dev.flasksession.login.LoginSettings} is its
 * {@code config.py} and the settings it reads, {@link dev.flasksession.login.RememberCookie} and
 * {@link dev.flasksession.login.SessionIdentifier} are the cookie and identifier helpers of its {@code utils.py}, and
 * {@link dev.flasksession.login.LoginState} is {@code login_user}, {@code logout_user} and the
 * {@code LoginManager}'s loading, protection and after-request cookie update. The request-scoped bean and the
 * hooks that feed it from a request sit above this package; nothing here knows CDI or a store.
 */
package dev.flasksession.login;
