package dev.flasksession.store;

import dev.flasksession.session.SessionStoreUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log and the 503 of a store that is away or refuses, kept the same for every store: one line when it goes away
 * ("... is unavailable ...; answering 503 until it is back"), one when it is back ("... is available again"), and a
 * refusal (the store answered, but said no: a setting or a right is wrong) logged once a minute per code, never
 * silenced. Each store kind holds one instance, shared by all its backends, so that an outage is logged once rather
 * than once per injection point, and a Redis outage and an SQL one are told apart. The store only says which of its
 * failures are outages and which are refusals, and how its messages lose their session ids ({@link #redact}).
 */
public final class StoreOutages {
    private final Logger log;
    private final String subject;
    private final String refuser;
    private final String command;
    private final AtomicBoolean down = new AtomicBoolean();
    /** When each kind of refusal was last logged: once a minute each, not once per request. */
    private final Map<String, Long> refusalsLogged = new ConcurrentHashMap<>();
    /** {@link System#nanoTime()} of the latest failure that counted as an outage: see {@link #answered}. */
    private final AtomicLong lastOutageFailure = new AtomicLong(System.nanoTime());

    /**
     * @param log     where the lines go
     * @param subject what is away, as the lines name it: {@code "Redis"}, {@code "the session database"}
     * @param refuser what refuses, as the lines name it: {@code "Redis"}, {@code "the database"}
     * @param command what it refused: {@code "command"}, {@code "statement"}
     */
    public StoreOutages(Logger log, String subject, String refuser, String command) {
        this.log = log;
        this.subject = subject;
        this.refuser = refuser;
        this.command = command;
    }

    /** @return a time to give {@link #answered} once the command started now has answered */
    public long started() {
        return System.nanoTime();
    }

    /**
     * A command that was sent at {@code started} has answered. It proves the store is back only if it was sent after
     * the outage's last failure (seen for real: requests in flight at a kill answered after the first failure, and
     * the log said "back" and "unavailable" again within a second).
     *
     * @param started what {@link #started()} gave before the command was sent
     */
    public void answered(long started) {
        if (down.get() && started - lastOutageFailure.get() > 0 && down.compareAndSet(true, false)) {
            log.info("flask-session: " + subject + " is available again");
        }
    }

    /**
     * The store cannot be reached: logged once per outage.
     *
     * @param cause             what the client threw
     * @param detail            what the line says of it, without session ids (see {@link #redact})
     * @param retryAfterSeconds the 503's {@code Retry-After}
     * @return the exception to throw
     */
    public SessionStoreUnavailableException gone(Exception cause, String detail, int retryAfterSeconds) {
        lastOutageFailure.accumulateAndGet(System.nanoTime(), (a, b) -> b - a > 0 ? b : a);
        if (down.compareAndSet(false, true)) {
            log.severe(() -> "flask-session: " + subject + " is unavailable (" + detail + "); answering 503 until it "
                    + "is back");
        } else {
            log.log(Level.FINE, "{0} still unavailable: {1}", new Object[] {subject, cause.getClass().getSimpleName()});
        }
        return new SessionStoreUnavailableException(capitalized(subject) + " is unavailable", retryAfterSeconds, cause);
    }

    /**
     * The store answered, but refused: a setting, a right or the server's state is wrong, not the network. Logged once
     * a minute per code.
     *
     * @param code              what kind of refusal it is (Redis's error code, the SQLState)
     * @param detail            what the line says of it, without session ids (see {@link #redact})
     * @param advice            what the line tells the operator to check, a sentence
     * @param retryAfterSeconds the 503's {@code Retry-After}
     * @return the exception to throw
     */
    public SessionStoreUnavailableException refused(String code, String detail, String advice, int retryAfterSeconds) {
        long now = System.nanoTime();
        Long last = refusalsLogged.get(code);
        if ((last == null || now - last > TimeUnit.MINUTES.toNanos(1)) && refusalsLogged.put(code, now) == last) {
            log.severe(() -> "flask-session: " + refuser + " refused a session " + command + " (" + detail
                    + "); answering 503. " + advice);
        } else {
            log.log(Level.FINE, "{0} refused a session {1}: {2}", new Object[] {refuser, command, detail});
        }
        return new SessionStoreUnavailableException(capitalized(refuser) + " refused a session " + command,
                retryAfterSeconds, null);
    }

    /**
     * A store's messages may repeat a command's arguments, and those hold the session key: the store's own cut drops
     * them, and any key that still shows is reduced to its prefix, so no log line holds a session id.
     *
     * @param message  an error message from the store or its client; may be {@code null}
     * @param cut      the store's own cut, such as "everything from the arguments on"
     * @param prefix   {@code SESSION_KEY_PREFIX}
     * @param notInKey the characters that end a key in the store's messages, as a regular expression class's body
     * @return the message without session ids
     */
    public static String redact(String message, UnaryOperator<String> cut, String prefix, String notInKey) {
        if (message == null) {
            return "no message";
        }
        String shown = cut.apply(message);
        if (!prefix.isEmpty()) {
            shown = shown.replaceAll(Pattern.quote(prefix) + "[^" + notInKey + "]*",
                    Matcher.quoteReplacement(prefix) + "<id>");
        }
        return shown;
    }

    private static String capitalized(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
