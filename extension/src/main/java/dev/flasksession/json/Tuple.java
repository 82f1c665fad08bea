package dev.flasksession.json;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * A Python tuple: an immutable list that Flask's tagged JSON writes as {@code {" t": [...]}}, so it comes back as a
 * tuple and not as a plain list. Flask's flashed messages are stored as tuples of {@code (category, message)}.
 */
public final class Tuple extends AbstractList<Object> implements RandomAccess {
    private static final Tuple EMPTY = new Tuple(new Object[0]);

    private final Object[] items;

    private Tuple(Object[] items) {
        this.items = items;
    }

    /**
     * @param items the items, in order; {@code null} items are allowed (Python's {@code None})
     * @return a tuple of them
     */
    public static Tuple of(Object... items) {
        return items.length == 0 ? EMPTY : new Tuple(items.clone());
    }

    /**
     * @param items the items, in iteration order
     * @return a tuple of them
     */
    public static Tuple copyOf(Collection<?> items) {
        return items.isEmpty() ? EMPTY : new Tuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public String toString() {
        if (items.length == 1) {
            return "(" + items[0] + ",)";
        }
        String list = Arrays.toString(items);
        return "(" + list.substring(1, list.length() - 1) + ")";
    }
}
