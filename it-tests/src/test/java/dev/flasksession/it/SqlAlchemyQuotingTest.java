package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flasksession.jdbc.JdbcSessionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Our table and schema names are written as the installed SQLAlchemy's PostgreSQL dialect writes them, for every
 * word it reserves and for names whose case or first character decides: asked of the real SQLAlchemy, not a copy.
 */
class SqlAlchemyQuotingTest {
    private static final List<String> MORE = List.of("sessions", "MySessions", "SESSIONS", "my_sessions", "_private",
            "Sessions2", "s1", "User", "usr", "session_user", "a".repeat(63));

    @Test
    void everyNameIsQuotedExactlyAsSqlAlchemyQuotesIt() {
        List<String> args = new ArrayList<>(List.of("-c", "import sys\n"
                + "from sqlalchemy.dialects import postgresql\n"
                + "from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS\n"
                + "p = postgresql.dialect().identifier_preparer\n"
                + "for name in sorted(RESERVED_WORDS) + sys.argv[1:]:\n"
                + "    print(name, p.quote(name), p.quote_schema(name))\n"));
        args.addAll(MORE);
        PythonPeers.Result r = PythonPeers.run(args);
        assertEquals(0, r.exit(), r.output());
        List<String> expected = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (String line : r.output().strip().split("\n")) {
            expected.add(line);
            String name = line.split(" ", 2)[0];
            String table = JdbcSessionSettings.from(key -> Optional.ofNullable(
                    Map.of("SESSION_SQLALCHEMY_TABLE", name).get(key))).qualifiedTable();
            String schema = JdbcSessionSettings.from(key -> Optional.ofNullable(
                    Map.of("SESSION_SQLALCHEMY_SCHEMA", name).get(key))).qualifiedTable();
            ours.add(name + " " + table + " " + schema.substring(0, schema.length() - ".sessions".length()));
        }
        assertEquals(expected, ours);
    }
}
