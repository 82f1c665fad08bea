package dev.flasksession.redis;

/** {@code SESSION_SAVE_STRATEGY}: how a modified session is written to the store. */
public enum SaveStrategy {
    /**
     * The whole session, as this request sees it: Flask-Session's behaviour. When two requests of one user overlap,
     * the one that saves last wins, and what the other one changed is lost.
     */
    OVERWRITE,
    /**
     * Only what this request changed (keys set, keys removed, a clear), applied to what is stored now in one atomic
     * compare-and-set. What is stored stays the whole session in Flask-Session's format, so a Flask app still reads it.
     */
    MERGE
}
