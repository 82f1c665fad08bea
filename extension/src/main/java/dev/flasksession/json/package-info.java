/**
 * Flask's tagged JSON ({@code flask/json/tag.py}) and the Python {@code json} module's exact text form.
 *
 * <p>{@link dev.flasksession.json.PythonJson} reads and writes JSON the way Python does inside a Flask request:
 * compact separators, keys sorted by code point, non-ASCII escaped, integers of any size and floats as Python's
 * {@code repr} prints them. {@link dev.flasksession.json.TaggedJson} adds Flask's tags on top, mapping each to a
 * Java type that survives a round trip: {@code " t"} to {@link dev.flasksession.json.Tuple}, {@code " b"} to
 * {@code byte[]}, {@code " m"} to {@link dev.flasksession.json.Markup}, {@code " u"} to {@link java.util.UUID},
 * {@code " d"} to {@link java.time.Instant}, and {@code " di"} for dicts whose only key looks like a tag.
 */
package dev.flasksession.json;
