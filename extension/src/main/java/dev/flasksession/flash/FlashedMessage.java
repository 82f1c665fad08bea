package dev.flasksession.flash;

import dev.flasksession.json.Tuple;
import java.util.Objects;

/**
 * One flashed message, Flask's {@code (category, message)} tuple.
 *
 * @param category the category, {@code "message"} by default; {@code null} only where a Flask app flashed with
 *                 {@code None}
 * @param message  the text: a {@link String}, or a {@link dev.flasksession.json.Markup} that is already safe HTML
 *                 (read back as a plain {@link String} where the session went through msgpack or JSON, which
 *                 keep no Markup)
 */
public record FlashedMessage(String category, CharSequence message) {
    /** Checks that there is a message. */
    public FlashedMessage {
        Objects.requireNonNull(message, "message");
    }

    /** @return the entry as Flask stores it in {@code session["_flashes"]} */
    public Tuple toTuple() {
        return Tuple.of(category, message);
    }
}
