package dev.flasksession.flash;

import dev.flasksession.json.Markup;
import dev.flasksession.json.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flask 3.1's {@code flash()} and {@code get_flashed_messages()} over one request's session, with Flask's exact
 * semantics on every backend.
 *
 * <p>{@link #flash} appends the tuple {@code (category, message)} to {@code session["_flashes"]} and assigns the
 * list back, which marks the session modified. The first {@link #consume} of a request takes the whole list out of
 * the session; later calls in the same request return the same messages (Flask keeps them in the request context),
 * filtered by category if asked, and the filter never leaves any message behind. So an instance holds that
 * request's state: not thread-safe, and the integration makes one per request.
 *
 * <p>Entries are written as {@link Tuple}s, which the signed cookie stores as Flask's tagged tuple
 * {@code {" t": [category, message]}} and msgpack and JSON store as arrays, as Flask-Session does. Both forms read
 * back, tuples and lists alike, with {@link Markup} messages where the cookie kept them and plain strings where the
 * store did not. An entry of another shape (which Flask itself would fail on) is passed over, but still removed.
 */
public final class Flashes {
    /** The session key, shared with Flask. */
    public static final String KEY = "_flashes";
    /** Flask's default category. */
    public static final String DEFAULT_CATEGORY = "message";

    private final Map<String, Object> session;
    /** What this request took out of the session, once it has; Flask's {@code request_ctx.flashes}. */
    private List<FlashedMessage> taken;
    /** The same entries as they were stored: tuples from a cookie, lists from msgpack or JSON. */
    private List<List<?>> takenEntries;

    /**
     * @param session the request's session (a {@link dev.flasksession.session.FlaskSession})
     */
    public Flashes(Map<String, Object> session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * {@code flash(message)}, in the category {@code "message"}.
     *
     * @param message the text, or a {@link Markup}
     */
    public void flash(CharSequence message) {
        flash(message, DEFAULT_CATEGORY);
    }

    /**
     * {@code flash(message, category)}: for the next request that shows messages, on either side.
     *
     * @param message  the text, or a {@link Markup} for HTML that is already safe
     * @param category the category, such as {@code message}, {@code error}, {@code info} or {@code warning}
     * @throws IllegalStateException when the session's {@code _flashes} is not a list, where Flask fails too
     */
    public void flash(CharSequence message, String category) {
        Objects.requireNonNull(message, "message");
        Object current = session.get(KEY);
        List<Object> flashes = new ArrayList<>();
        if (current instanceof List<?> list) {
            flashes.addAll(list);
        } else if (current != null) {
            throw new IllegalStateException("flask-session: session[\"_flashes\"] is not a list, so no message can be "
                    + "added to it");
        }
        flashes.add(Tuple.of(category, message instanceof Markup ? message : message.toString()));
        session.put(KEY, flashes);
    }

    /**
     * {@code get_flashed_messages(with_categories=True, category_filter=...)}.
     *
     * @param categoryFilter the categories to return; empty for all
     * @return the messages, oldest first
     */
    public List<FlashedMessage> consume(Collection<String> categoryFilter) {
        List<FlashedMessage> all = taken();
        if (categoryFilter.isEmpty()) {
            return all;
        }
        return all.stream().filter(m -> matches(categoryFilter, m)).toList();
    }

    /**
     * {@code get_flashed_messages(with_categories, category_filter)}, in Flask's shape.
     *
     * @param withCategories whether to return the {@code (category, message)} entries rather than the messages
     * @param categoryFilter the categories to return; empty for all
     * @return the entries as the session held them (a {@link Tuple} from a signed cookie, a list where the store
     *     keeps no tuples, as in Flask), or the messages ({@link String} or {@link Markup})
     */
    public List<Object> consume(boolean withCategories, Collection<String> categoryFilter) {
        taken();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            FlashedMessage m = taken.get(i);
            if (categoryFilter.isEmpty() || matches(categoryFilter, m)) {
                out.add(withCategories ? takenEntries.get(i) : m.message());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Python's {@code in}: a None category matches a None in the filter, and no collection refuses the question. */
    private static boolean matches(Collection<String> categoryFilter, FlashedMessage m) {
        return categoryFilter.stream().anyMatch(c -> Objects.equals(c, m.category()));
    }

    private List<FlashedMessage> taken() {
        if (taken == null) {
            Object stored = session.containsKey(KEY) ? session.remove(KEY) : null;
            List<FlashedMessage> out = new ArrayList<>();
            List<List<?>> entriesOut = new ArrayList<>();
            if (stored instanceof List<?> entries) {
                for (Object entry : entries) {
                    if (entry instanceof List<?> pair && pair.size() >= 2
                            && (pair.get(0) == null || pair.get(0) instanceof String)
                            && pair.get(1) instanceof CharSequence message) {
                        out.add(new FlashedMessage((String) pair.get(0), message));
                        entriesOut.add(pair instanceof Tuple ? pair : Collections.unmodifiableList(pair));
                    }
                }
            }
            taken = List.copyOf(out);
            takenEntries = List.copyOf(entriesOut);
        }
        return taken;
    }
}
