package dev.flasksession.session;

/**
 * Runs around every request's session, as Flask's {@code before_request} and {@code after_request} functions run
 * around the view: {@link #opened} right after the session opens, {@link #beforeSave} just before it is saved, and
 * {@link #afterSave} once it was saved without error. The session timeouts ({@link SessionTimeouts}) and the
 * sign-out check are hooks; Flask-Login's remember cookie, CSRF and flashed messages plug in the same way.
 *
 * <p>Hooks run in ascending {@link #priority()} after opening and in descending priority before and after saving,
 * as Flask runs {@code after_request} functions in reverse: the hook that opened first saves last, so a built-in
 * hook sees every change an application's hook made. Hooks are shared by all requests and must be thread-safe; they
 * never run for the null session (when sessions cannot work), which is never saved. In a CDI application, a bean
 * implementing this interface is a hook.
 */
public interface SessionHook {
    /** The priority of {@link SessionTimeouts}: first after opening, last before saving. */
    int TIMEOUTS = 100;
    /** The priority of the "sign out everywhere" check, right after the timeouts. */
    int SIGN_OUT = 200;
    /**
     * The priority of Flask-Login's remember cookie: its {@link #beforeSave} runs after the sign-out check, so a
     * session ended by a sign-out everywhere in flight gets no new remember cookie.
     */
    int LOGIN = 150;
    /** The priority of the session events, which observe what the other hooks left. */
    int EVENTS = 300;
    /** The default priority: an application's hooks run after the library's on opening, before them on saving. */
    int APPLICATION = 1000;

    /** @return where this hook runs among the others; lower opens first and saves last */
    default int priority() {
        return APPLICATION;
    }

    /**
     * Called right after the session opened, before the application uses it. An exception fails the request.
     *
     * @param session the session just opened (never the null session)
     * @param request the request it was opened for
     */
    default void opened(FlaskSession session, SessionRequest request) {
    }

    /**
     * Called once the application is done, just before the backend saves the session: the last moment to change
     * it, or to set a cookie or header of the hook's own.
     *
     * @param session  the session about to be saved
     * @param request  the request it was opened for
     * @param response the outgoing response
     */
    default void beforeSave(FlaskSession session, SessionRequest request, SessionResponse response) {
    }

    /**
     * Called once the backend saved the session without error; the session can no longer change. The store holds
     * the session by now, so an exception here is logged and the response goes out as it is.
     *
     * @param session  the saved session
     * @param request  the request it was opened for
     * @param response the outgoing response
     */
    default void afterSave(FlaskSession session, SessionRequest request, SessionResponse response) {
    }
}
