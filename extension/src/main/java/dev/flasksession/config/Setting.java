package dev.flasksession.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting, declared once: its name, its default, how its text is parsed and checked, and whether it is a secret.
 * Reading it from a {@link ConfigSource}, the error that names it, the masked value in the start-up log line and its
 * row in the README's settings table all follow from this declaration, the way Flask's {@code default_config} is the
 * one place its settings are defined.
 *
 * <p>A secret is read {@linkplain ConfigSource#getRaw as written} (never trimmed, no expression expanded) and shown as
 * {@code ****}. Other values are trimmed, and a blank value counts as unset.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
    /** Parses a setting's text; throws {@link IllegalArgumentException} saying what is accepted. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @param text the trimmed, non-blank value (for secrets: the value as written, non-empty)
         * @return the parsed value
         * @throws IllegalArgumentException saying what is wrong and what is accepted
         */
        T parse(String text);
    }

    private final String name;
    private final T defaultValue;
    private final String defaultText;
    private final String accepts;
    private final String description;
    private final boolean secret;
    private final boolean asWritten;
    private final Parser<T> parser;
    private final Function<T, String> format;

    private Setting(String name, T defaultValue, String defaultText, String accepts, String description,
                    boolean secret, boolean asWritten, Parser<T> parser, Function<T, String> format) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.accepts = Objects.requireNonNull(accepts, "accepts");
        this.description = Objects.requireNonNull(description, "description");
        this.secret = secret;
        this.asWritten = asWritten;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * The general form; the factories below cover the common types.
     *
     * @param name         the setting's name, as in Flask
     * @param defaultValue the value when unset; {@code null} for "unset"
     * @param defaultText  the default as the README shows it
     * @param accepts      what values are accepted, as the README shows it
     * @param description  what the setting does, in a few words
     * @param parser       parses and checks the text
     * @param format       shows a parsed value in the start-up log line
     * @param <T>          the parsed type
     * @return the setting
     */
    public static <T> Setting<T> of(String name, T defaultValue, String defaultText, String accepts, String description,
                                    Parser<T> parser, Function<T, String> format) {
        return new Setting<>(name, defaultValue, defaultText, accepts, description, false, false, parser, format);
    }

    /**
     * @param name         the setting's name
     * @param defaultValue the value when unset
     * @param description  what it does
     * @return a boolean setting: {@code true/false}, {@code 1/0}, {@code yes/no} or {@code on/off}, in any case
     */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String description) {
        return of(name, defaultValue, "`" + defaultValue + "`", "true or false", description, Setting::parseBoolean,
                String::valueOf);
    }

    /**
     * @param name         the setting's name
     * @param defaultValue the value when unset
     * @param min          the smallest accepted value
     * @param max          the largest accepted value
     * @param unit         what the number counts (seconds, milliseconds, bytes), for the README
     * @param description  what it does
     * @return a whole-number setting within {@code [min, max]}
     */
    public static Setting<Long> number(String name, long defaultValue, long min, long max, String unit,
                                       String description) {
        return of(name, defaultValue, "`" + defaultValue + "`", unit + ", " + min + " to " + max, description,
                text -> parseNumber(text, min, max, unit), String::valueOf);
    }

    /**
     * @param name         the setting's name
     * @param defaultValue the value when unset, or {@code null} for unset
     * @param defaultText  the default as the README shows it
     * @param description  what it does
     * @return a text setting taken as it is (trimmed)
     */
    public static Setting<String> text(String name, String defaultValue, String defaultText, String description) {
        return of(name, defaultValue, defaultText, "text", description, text -> text, text -> text);
    }

    /**
     * @param name        the setting's name
     * @param defaultText the default as the README shows it
     * @param accepts     what values are accepted
     * @param description what it does
     * @param parser      parses the value as written
     * @param <T>         the parsed type
     * @return a secret, unset by default: read as written, shown as {@code ****}
     */
    public static <T> Setting<T> secret(String name, String defaultText, String accepts, String description,
                                        Parser<T> parser) {
        return new Setting<>(name, null, defaultText, accepts, description, true, true, parser, value -> "****");
    }

    /**
     * @param name         the setting's name
     * @param type         the choices, whose names (lower case) are the accepted values
     * @param defaultValue the value when unset
     * @param description  what it does
     * @param <E>          the enum
     * @return a setting that takes one of the enum's names, in any case
     */
    public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, E defaultValue, String description) {
        StringBuilder accepted = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            accepted.append(accepted.length() == 0 ? "" : ", ").append('`').append(lower(e)).append('`');
        }
        return of(name, defaultValue, "`" + lower(defaultValue) + "`", accepted.toString(), description, text -> {
            for (E e : type.getEnumConstants()) {
                if (lower(e).equals(text.toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not accepted; use " + accepted.toString().replace("`", ""));
        }, Setting::lower);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * For values where white space may matter and an empty value means something, such as a key prefix that must
     * equal another application's byte for byte.
     *
     * @return the same setting, read as written: not trimmed, and an empty value is a value
     */
    public Setting<T> asWritten() {
        return new Setting<>(name, defaultValue, defaultText, accepts, description, secret, true, parser, format);
    }

    /** @return the setting's name */
    public String name() {
        return name;
    }

    /** @return the value when unset; {@code null} when unset means "none" */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return whether this is a secret: read as written, never shown */
    public boolean isSecret() {
        return secret;
    }

    /**
     * @param source where raw values come from
     * @return the parsed value, or empty when unset (or blank, for settings that are not secrets)
     * @throws SessionConfigException naming this setting when the value is not accepted
     */
    public Optional<T> read(ConfigSource source) {
        Optional<String> raw = secret ? source.getRaw(name).filter(v -> !v.isEmpty())
                : asWritten ? source.get(name)
                : source.get(name).map(String::trim).filter(v -> !v.isEmpty());
        return raw.map(this::parse);
    }

    /**
     * @param source where raw values come from
     * @return the parsed value, or the default when unset
     * @throws SessionConfigException naming this setting when the value is not accepted
     */
    public T readOrDefault(ConfigSource source) {
        return read(source).orElse(defaultValue);
    }

    /**
     * @param text a value as it would come from a source
     * @return the parsed value
     * @throws SessionConfigException naming this setting when the value is not accepted
     */
    public T parse(String text) {
        try {
            return parser.parse(text);
        } catch (SessionConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SessionConfigException(name, e.getMessage());
        }
    }

    /**
     * @param value a value of this setting, or {@code null} for unset
     * @return {@code NAME=value} for the start-up log line: secrets as {@code ****}, unset as {@code unset}
     */
    public String show(T value) {
        return name + "=" + (value == null ? "unset" : format.apply(value));
    }

    /**
     * @param settings a table of settings
     * @param values   their values, by setting; a missing one is unset
     * @return {@code NAME=value, ...} in the table's order, secrets masked
     */
    @SuppressWarnings("unchecked")
    public static String showAll(List<Setting<?>> settings, Map<Setting<?>, ?> values) {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : settings) {
            out.append(out.length() == 0 ? "" : ", ").append(((Setting<Object>) setting).show(values.get(setting)));
        }
        return out.toString();
    }

    /**
     * @param settings a table of settings
     * @return the README's table for them (Markdown), header included
     */
    public static String markdownTable(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("| setting | default | accepts | what it does |\n|---|---|---|---|\n");
        for (Setting<?> setting : settings) {
            out.append(setting.markdownRow()).append('\n');
        }
        return out.toString();
    }

    /** @return this setting's row in the README's settings table (Markdown) */
    public String markdownRow() {
        return "| `" + name + "` | " + defaultText + " | " + accepts + (secret ? "; a secret, never logged" : "") + " | "
                + description + " |";
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * @param value true/false, 1/0, yes/no or on/off, in any case
     * @return the boolean
     * @throws IllegalArgumentException for anything else
     */
    public static boolean parseBoolean(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a boolean; use true or false");
        }
    }

    private static long parseNumber(String text, long min, long max, String unit) {
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a whole number of " + unit + " from " + min + " to " + max);
    }
}
