package dev.flasksession.jdbc;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Table and schema names written into SQL as SQLAlchemy 2.1's PostgreSQL dialect writes them
 * ({@code IdentifierPreparer.quote}): bare when that means the same name, else in double quotes. A name must reach
 * PostgreSQL exactly as Flask-SQLAlchemy's does, or the two sides use different tables: PostgreSQL folds a bare
 * {@code MySessions} to {@code mysessions}, where SQLAlchemy quotes it, and a bare {@code user} is a syntax error.
 * Names that need no quotes stay bare, so the default {@code sessions} is sent as before.
 */
final class PostgresIdentifiers {
    /** SQLAlchemy's {@code LEGAL_CHARACTERS}. */
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_$]+");

    /** {@code sqlalchemy.dialects.postgresql.base.RESERVED_WORDS}, 2.1.1. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "leading", "limit",
            "localtime", "localtimestamp", "new", "not", "null", "of", "off", "offset", "old", "on", "only", "or",
            "order", "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with", "authorization", "between", "binary", "cross", "current_schema", "freeze", "full",
            "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "over",
            "overlaps", "right", "similar", "verbose");

    private PostgresIdentifiers() {
    }

    /**
     * SQLAlchemy's {@code _requires_quotes}: a reserved word, a name not all in its legal characters, one starting
     * with a digit or {@code $}, or one that is not all lower case (PostgreSQL would fold it).
     *
     * @param name a table or schema name
     * @return whether SQLAlchemy quotes it
     */
    static boolean requiresQuotes(String name) {
        if (name.isEmpty()) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        char first = name.charAt(0);
        return RESERVED.contains(lower) || (first >= '0' && first <= '9') || first == '$'
                || !LEGAL.matcher(name).matches() || !lower.equals(name);
    }

    /**
     * @param name a table or schema name
     * @return the name as SQLAlchemy writes it: bare, or double-quoted with any {@code "} doubled
     */
    static String quote(String name) {
        return requiresQuotes(name) ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}
