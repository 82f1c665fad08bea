package dev.flasksession.store;

/**
 * What a save left in the store, which decides the cookie: {@link ServerSideSessionInterface#saveSession} answers
 * each outcome once, whatever store wrote it.
 */
public enum SaveOutcome {
    /** The session is stored: its cookie is sent when the cookie rules ask for it. */
    DATA,
    /** Nothing is stored: the session is empty, and its cookie is deleted if this request emptied it. */
    NOTHING,
    /**
     * The store refused the write because its id was ended on purpose (a sign-out, a clear, the per-user cap) while
     * this request ran: nothing was written, and the request is answered as a signed-out one, with a deleting cookie,
     * rather than a 2xx that silently brought the id back.
     */
    ENDED,
    /**
     * The store refused the write because a sign-in moved its id while this request ran: nothing was written, and the
     * cookie is left as the client has it now, which may already be the new id, which a deleting cookie would sign out.
     */
    MOVED
}
