package dev.flasksession.store;

/** {@code SESSION_SAVE_STRATEGY}: how a modified session is written to the store. */
public enum SaveStrategy {
    /**
     * The whole session, as this request sees it: Flask-Session's behaviour. When two requests of one user overlap,
     * the one that saves last wins, and what the other one changed is lost.
     */
    OVERWRITE,
    /**
     * Only what this request changed (keys set, keys removed, a clear, and keys whose values it changed inside, found
     * by comparing with what it opened), applied to what is stored now in one atomic compare-and-set; a move to a new
     * id carries over what the old id holds. What is stored stays the whole session in Flask-Session's format, so a
     * Flask app still reads it.
     */
    MERGE
}
