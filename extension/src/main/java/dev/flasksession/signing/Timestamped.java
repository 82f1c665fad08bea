package dev.flasksession.signing;

/**
 * A value together with the time its signature or seal was made: a lower bound on when its holder last had it
 * written, which a session with no time stamps of its own is measured from.
 *
 * @param value        the verified value
 * @param epochSeconds when it was signed, in whole seconds since the epoch
 * @param <T>          the value's type
 */
public record Timestamped<T>(T value, long epochSeconds) {
}
