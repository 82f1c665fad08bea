package dev.flasksession.json;

import java.util.Objects;

/**
 * MarkupSafe's {@code Markup}: a string that is already safe HTML. Flask's tagged JSON writes it as
 * {@code {" m": "..."}} so that it stays markup across a round trip. Nothing is escaped or checked here.
 */
public final class Markup implements CharSequence {
    private final String html;

    /**
     * @param html HTML that the caller vouches for
     */
    public Markup(String html) {
        this.html = Objects.requireNonNull(html, "html");
    }

    /** @return the HTML text, as {@code __html__()} returns it */
    public String html() {
        return html;
    }

    @Override
    public int length() {
        return html.length();
    }

    @Override
    public char charAt(int index) {
        return html.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return html.subSequence(start, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Markup m && m.html.equals(html);
    }

    @Override
    public int hashCode() {
        return html.hashCode();
    }

    @Override
    public String toString() {
        return html;
    }
}
