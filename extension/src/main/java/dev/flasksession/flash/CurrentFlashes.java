package dev.flasksession.flash;

import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * This request's {@link Flashes}, for injection: {@code flash()} and {@code get_flashed_messages()} with Flask's
 * request-wide memory, so every call in one request, from any bean, sees the messages the first call took out of
 * the session, as every template of a Flask request does.
 */
@RequestScoped
public class CurrentFlashes {
    @Inject
    FlaskSession session;

    private Flashes flashes;

    private Flashes flashes() {
        if (flashes == null) {
            flashes = new Flashes(session);
        }
        return flashes;
    }

    /**
     * {@code flash(message, category)}.
     *
     * @param message  the text, or a {@link dev.flasksession.json.Markup} for HTML that is already safe
     * @param category the category, such as {@code message}, {@code error}, {@code info} or {@code warning}
     */
    public void flash(CharSequence message, String category) {
        flashes().flash(message, category);
    }

    /**
     * {@code flash(message)}, in the category {@code "message"}.
     *
     * @param message the text, or a {@link dev.flasksession.json.Markup}
     */
    public void flash(CharSequence message) {
        flashes().flash(message);
    }

    /**
     * {@code get_flashed_messages(with_categories=True, category_filter=...)}: removes every message from the
     * session, the filtered-out ones too.
     *
     * @param categoryFilter the categories to return; empty for all
     * @return the messages, oldest first
     */
    public List<FlashedMessage> consume(Collection<String> categoryFilter) {
        return flashes().consume(categoryFilter);
    }

    /** @return {@code get_flashed_messages(with_categories=True)}: every message, oldest first */
    public List<FlashedMessage> consume() {
        return consume(List.of());
    }
}
