package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL store on a real PostgreSQL: the real Flask-Session 0.8 (Flask-SQLAlchemy, psycopg2) and our demo share one
 * table, both ways, in msgpack and JSON, with and without the signer; the statements our server sends, counted in
 * PostgreSQL's own statement log; an outage and the recovery; expired rows deleted without a cron job.
 */
class SqlStoreTest {
    private static final long LIFETIME = 600;
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        PythonPeers.requireInstalled();
        PythonPeers.Result sql = PythonPeers.run(List.of("-c", "import flask_sqlalchemy, psycopg2"));
        if (sql.exit() != 0) {
            throw new AssertionError("The SQL peer needs Flask-SQLAlchemy and psycopg2-binary. Install them with: "
                    + "pip install -r it-tests/requirements.txt\n" + sql.output());
        }
        pg = PostgresServer.start("sql");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of("msgpack", false), Arguments.of("json", false),
                Arguments.of("msgpack", true), Arguments.of("json", true));
    }

    /** Our demo's settings; {@code app} names it in PostgreSQL's log. */
    private static Map<String, String> javaEnv(String table, String app) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SESSION_TYPE", "sqlalchemy");
        env.put("SESSION_JDBC_URL", pg.jdbcUrl(app));
        env.put("SESSION_JDBC_USER", "postgres");
        env.put("SESSION_SQLALCHEMY_TABLE", table);
        env.put("SECRET_KEY", "sql-interop-secret-0123456789");
        env.put("PERMANENT_SESSION_LIFETIME", Long.toString(LIFETIME));
        return env;
    }

    private static Map<String, String> flaskEnv(Map<String, String> javaEnv) {
        Map<String, String> env = new LinkedHashMap<>(javaEnv);
        env.remove("SESSION_JDBC_URL");
        env.remove("SESSION_JDBC_USER");
        env.put("SQLALCHEMY_DATABASE_URI", pg.sqlalchemyUrl("flask"));
        return env;
    }

    private static String sessionId(Map<String, String> env, String cookie, boolean signer) {
        String value = cookie.substring("session=".length());
        String sid = signer ? value.substring(0, value.lastIndexOf('.')) : value;
        return env.getOrDefault("SESSION_KEY_PREFIX", "session:") + sid;
    }

    /** @return the row's data and its expiry in seconds from now (UTC), or empty when there is no row */
    private static Optional<Object[]> row(String table, String sessionId) {
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement("SELECT data, "
                + "extract(epoch FROM expiry - (now() AT TIME ZONE 'utc'))::bigint FROM " + table + " WHERE session_id = ?")) {
            s.setString(1, sessionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Object[] {rs.getBytes(1), rs.getLong(2)}) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertExpiresInLifetime(String table, String sessionId) {
        long left = (Long) row(table, sessionId).orElseThrow(() -> new AssertionError("no row " + sessionId))[1];
        assertTrue(left > LIFETIME - 10 && left <= LIFETIME, "expiry is a naive UTC time a lifetime ahead: " + left);
    }

    @ParameterizedTest(name = "{0}, signer={1}")
    @MethodSource("variants")
    void bothSidesShareOneSession(String format, boolean signer) {
        String table = "s_" + format + "_" + signer;
        Map<String, String> env = javaEnv(table, "java-" + table);
        env.put("SESSION_KEY_PREFIX", "it-" + format + ":");
        env.put("SESSION_SERIALIZATION_FORMAT", format);
        env.put("SESSION_USE_SIGNER", Boolean.toString(signer));
        try (ServerProcess flask = ServerProcess.flask("sql-flask-" + table, flaskEnv(env));
             ServerProcess java = ServerProcess.java("sql-java-" + table, env)) {
            String cookie = null;
            Map<String, String> values = new LinkedHashMap<>();
            values.put("user_id", "42");
            values.put("name", "\"Zo\\u00eb\"");
            values.put("big", "4611686018427387904");
            values.put("price", "19.99");
            values.put("cart", "{\"items\":[{\"sku\":\"A1\",\"qty\":2}]}");
            values.put("raw", "{\" b\":\"AP9yYXc=\"}");
            values.put("when", "{\" d\":\"Fri, 04 Jul 2025 12:30:45 GMT\"}");
            values.put("pair", "{\" t\":[1,2]}");
            for (Map.Entry<String, String> e : values.entrySet()) {
                Http.Reply r = Http.send("PUT", flask.url("/api/session/" + e.getKey()), cookie, e.getValue());
                assertEquals(204, r.status(), e.getKey());
                if (r.cookie("session").isPresent()) {
                    cookie = Interop.cookieOf(r);
                }
            }
            String flaskRow = sessionId(env, cookie, signer);
            assertExpiresInLifetime(table, flaskRow);
            String flaskView = Http.get(flask.url("/api/session"), cookie).body();
            assertTrue(flaskView.contains("\"user_id\":42"), flaskView);
            assertEquals(flaskView, Http.get(java.url("/api/session"), cookie).body(), "we read Flask-Session's row");

            Http.Reply ours = Http.send("PUT", java.url("/api/session/from_java"), cookie, "{\" t\":[true,null]}");
            assertEquals(204, ours.status());
            String javaCookie = ours.cookie("session").isPresent() ? Interop.cookieOf(ours) : cookie;
            assertEquals(flaskRow, sessionId(env, javaCookie, signer), "the same id");
            assertExpiresInLifetime(table, flaskRow);
            String afterJava = Http.get(flask.url("/api/session"), javaCookie).body();
            assertTrue(afterJava.contains("\"from_java\""), afterJava);
            assertEquals(afterJava, Http.get(java.url("/api/session"), javaCookie).body());

            // Flask-Session rewrites the same session: byte for byte what we wrote.
            byte[] ourBytes = (byte[]) row(table, flaskRow).orElseThrow()[0];
            assertEquals(204, Http.send("POST", flask.url("/api/session/touch"), javaCookie, null).status());
            assertArrayEquals(ourBytes, (byte[]) row(table, flaskRow).orElseThrow()[0], "msgspec's exact bytes");

            Http.Reply cleared = Http.send("DELETE", java.url("/api/session"), javaCookie, null);
            assertEquals(204, cleared.status());
            assertTrue(cleared.setCookies().get(0).startsWith("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"),
                    cleared.setCookies().toString());
            assertTrue(row(table, flaskRow).isEmpty(), "clearing deletes the row");

            String javaOnly = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
            String javaRow = sessionId(env, javaOnly, signer);
            assertExpiresInLifetime(table, javaRow);
            assertTrue(Http.get(flask.url("/api/session"), javaOnly).body().contains("\"user\":\"ann\""));
            Http.send("DELETE", flask.url("/api/session"), javaOnly, null);
            assertTrue(row(table, javaRow).isEmpty(), "Flask-Session deletes our row");
            assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), javaOnly).body());

            String forged = "session=chosen-by-the-client";
            String issued = Interop.cookieOf(Http.send("PUT", java.url("/api/session/a"), forged, "1"));
            assertNotEquals(forged, issued);
            assertTrue(row(table, env.get("SESSION_KEY_PREFIX") + "chosen-by-the-client").isEmpty());
        }
    }

    /** The tables PostgreSQL holds whose name is {@code name} in any case. */
    private static List<String> tablesNamedLike(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE lower(table_name) = lower(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * A reserved word and a mixed-case name, which SQLAlchemy quotes: we name the very table Flask-SQLAlchemy does,
     * and each side reads what the other wrote, whichever created it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user", "MySessions"})
    void tableNamesSqlAlchemyQuotesNameTheSameTable(String table) throws SQLException {
        Map<String, String> env = javaEnv(table, "java-quoted-" + table);
        try (ServerProcess java = ServerProcess.java("sql-java-quoted-" + table, env)) {
            Http.Reply made = Http.send("PUT", java.url("/api/session/user"), null, "\"ann\"");
            assertEquals(204, made.status(), made.body());
            String ours = Interop.cookieOf(made);
            try (ServerProcess flask = ServerProcess.flask("sql-flask-quoted-" + table, flaskEnv(env))) {
                assertTrue(Http.get(flask.url("/api/session"), ours).body().contains("\"user\":\"ann\""),
                        "Flask-Session reads the row we wrote");
                String theirs = Interop.cookieOf(Http.send("PUT", flask.url("/api/session/user"), null, "\"bob\""));
                assertEquals("{\"_permanent\":true,\"user\":\"bob\"}", Http.get(java.url("/api/session"), theirs).body(),
                        "we read the row Flask-Session wrote");
            }
            assertEquals(List.of(table), tablesNamedLike(table), "one table, named exactly as SQLAlchemy names it");
            assertFalse(java.log().contains("SEVERE"), java.log());
        }
    }

    /** Werkzeug unescapes {@code "\000"} to a NUL, which PostgreSQL refuses in text: it is never sent. */
    @Test
    void aCookieNoIdCouldHaveGetsAFreshSessionWithoutAQuery() {
        String app = "java-nul";
        try (ServerProcess java = ServerProcess.java("sql-java-nul", javaEnv("nul_cookie", app))) {
            for (String value : List.of("\"\\000\"", "user:x", Interop.idShaped("short").substring(1))) {
                int n = pg.statementsOf(app).size();
                Http.Reply r = Http.get(java.url("/api/session"), "session=" + value);
                assertEquals(200, r.status(), value + ": " + r.body());
                assertEquals("{\"_permanent\":true}", r.body());
                assertEquals(List.of(), newStatements(app, n), value + " reached the database");
            }
            assertFalse(java.log().contains("SEVERE"), java.log());
        }
    }

    private static List<List<String>> columns(String table) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement("SELECT column_name, data_type, "
                + "character_maximum_length, is_nullable, replace(column_default, ?, 'T') FROM information_schema.columns "
                + "WHERE table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, table);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getObject(3)), rs.getString(4),
                            String.valueOf(rs.getString(5))));
                }
            }
            try (PreparedStatement u = c.prepareStatement("SELECT count(*) FROM information_schema.table_constraints "
                    + "WHERE table_name = ? AND constraint_type = 'UNIQUE'")) {
                u.setString(1, table);
                try (ResultSet rs = u.executeQuery()) {
                    rs.next();
                    out.add(List.of("unique constraints", rs.getString(1)));
                }
            }
        }
        return out;
    }

    @Test
    void ourTableIsFlaskSessionsAndFlaskUsesIt() throws SQLException {
        Map<String, String> env = javaEnv("made_by_java", "java-made");
        String cookie;
        try (ServerProcess java = ServerProcess.java("sql-java-made", env)) {
            cookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
        }
        Map<String, String> flaskMade = javaEnv("made_by_flask", "java-unused");
        try (ServerProcess flask = ServerProcess.flask("sql-flask-made", flaskEnv(flaskMade))) {
            assertEquals(columns("made_by_flask"), columns("made_by_java"), "the same columns as Flask-Session's");
        }
        try (ServerProcess flask = ServerProcess.flask("sql-flask-on-ours", flaskEnv(env))) {
            assertTrue(Http.get(flask.url("/api/session"), cookie).body().contains("\"user\":\"ann\""));
        }
    }

    private static List<String> newStatements(String app, int before) {
        List<String> all = pg.statementsOf(app);
        return List.copyOf(all.subList(before, all.size()));
    }

    @Test
    void oneStatementToOpenOneToSaveNoneForAnUnmodifiedSession() {
        String app = "java-count";
        Map<String, String> env = javaEnv("counted", app);
        env.put("SESSION_CLEANUP_N_REQUESTS", "0");
        try (ServerProcess java = ServerProcess.java("sql-java-count", env)) {
            assertEquals(List.of(), pg.statementsOf(app), "nothing at start-up: the pool connects on first use");
            String cookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
            // HikariCP asks its first connection for the default isolation level, once per pool.
            List<String> first = pg.statementsOf(app).stream().filter(q -> !q.equals("SHOW TRANSACTION ISOLATION LEVEL"))
                    .toList();
            assertEquals(2, first.size(), "a new session: the table made once, then one upsert: " + first);
            assertTrue(first.get(0).startsWith("CREATE TABLE IF NOT EXISTS counted"), first.toString());
            assertTrue(first.get(1).startsWith("INSERT INTO counted") && first.get(1).contains("ON CONFLICT (session_id)"),
                    first.toString());

            int n = pg.statementsOf(app).size();
            assertEquals(200, Http.get(java.url("/api/ping"), null).status());
            assertEquals(List.of(), newStatements(app, n), "a request without a session costs nothing");

            Http.Reply read = Http.get(java.url("/api/session"), cookie);
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", read.body());
            List<String> reading = newStatements(app, n);
            assertEquals(1, reading.size(), "an unmodified session: one statement, which renews expiry: " + reading);
            assertTrue(reading.get(0).startsWith("UPDATE counted SET expiry") && reading.get(0).contains("RETURNING data"),
                    reading.toString());

            n = pg.statementsOf(app).size();
            assertEquals(204, Http.send("PUT", java.url("/api/session/cart"), cookie, "[1]").status());
            List<String> writing = newStatements(app, n);
            assertEquals(2, writing.size(), "open, then one upsert: " + writing);
            assertTrue(writing.get(1).startsWith("INSERT INTO counted"), writing.toString());

            n = pg.statementsOf(app).size();
            Http.Reply moved = Http.send("POST", java.url("/api/session/regenerate"), cookie, null);
            List<String> regenerating = newStatements(app, n);
            assertEquals(2, regenerating.size(), "open, then the new row and the old one's delete in one: " + regenerating);
            assertTrue(regenerating.get(1).startsWith("WITH old AS (DELETE FROM counted"), regenerating.toString());
            String movedCookie = Interop.cookieOf(moved);
            assertNotEquals(cookie, movedCookie);
            assertEquals("{\"_permanent\":true}", Http.get(java.url("/api/session"), cookie).body(), "the old id is gone");

            n = pg.statementsOf(app).size();
            assertEquals(204, Http.send("DELETE", java.url("/api/session"), movedCookie, null).status());
            List<String> clearing = newStatements(app, n);
            assertEquals(2, clearing.size(), "open, then one delete: " + clearing);
            assertTrue(clearing.get(1).startsWith("DELETE FROM counted"), clearing.toString());
        }
    }

    @Test
    void withoutRefreshAnUnmodifiedSessionIsOneSelect() {
        String app = "java-select";
        Map<String, String> env = javaEnv("selected", app);
        env.put("SESSION_CLEANUP_N_REQUESTS", "0");
        env.put("SESSION_REFRESH_EACH_REQUEST", "false");
        try (ServerProcess java = ServerProcess.java("sql-java-select", env)) {
            String cookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
            int n = pg.statementsOf(app).size();
            Http.Reply read = Http.get(java.url("/api/session"), cookie);
            assertEquals(List.of(), read.setCookies(), "no refresh: no cookie, as Flask-Session");
            List<String> reading = newStatements(app, n);
            assertEquals(1, reading.size(), reading.toString());
            assertTrue(reading.get(0).startsWith("SELECT data FROM selected"), reading.toString());
        }
    }

    /** A row written in JSON, opened where msgpack is written with nested-change detection: nothing is rewritten. */
    @Test
    void aRowReadInTheOtherFormatIsNoChange() {
        Map<String, String> env = javaEnv("other_format", "java-other-format");
        env.put("SESSION_SERIALIZATION_FORMAT", "json");
        String cookie;
        try (ServerProcess json = ServerProcess.java("sql-java-json-writer", env)) {
            cookie = Interop.cookieOf(Http.send("PUT", json.url("/api/session/pair"), null, "{\" t\":[1,2]}"));
        }
        String sessionId = sessionId(env, cookie, false);
        byte[] stored = (byte[]) row("other_format", sessionId).orElseThrow()[0];
        env.put("SESSION_SERIALIZATION_FORMAT", "msgpack");
        env.put("SESSION_DETECT_NESTED_CHANGES", "true");
        try (ServerProcess msgpack = ServerProcess.java("sql-java-msgpack-reader", env)) {
            assertEquals(200, Http.get(msgpack.url("/api/session"), cookie).status());
        }
        assertArrayEquals(stored, (byte[]) row("other_format", sessionId).orElseThrow()[0],
                "rewritten though nothing changed");
    }

    @Test
    void expiredRowsReadAsAbsentAndAreDeletedWithoutACronJob() throws SQLException {
        Map<String, String> env = javaEnv("cleaned", "java-cleanup");
        env.put("SESSION_CLEANUP_N_REQUESTS", "1");
        try (ServerProcess java = ServerProcess.java("sql-java-cleanup", env)) {
            String cookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO cleaned (session_id, data, expiry) VALUES "
                        + "('session:stale-1', '\\x80'::bytea, (now() AT TIME ZONE 'utc') - interval '1 day'), "
                        + "('session:stale-2', '\\x80'::bytea, NULL)");
                s.executeUpdate("UPDATE cleaned SET expiry = (now() AT TIME ZONE 'utc') - interval '1 second' "
                        + "WHERE session_id = '" + sessionId(env, cookie, false) + "'");
            }
            Http.Reply expired = Http.get(java.url("/api/session"), cookie);
            assertEquals("{\"_permanent\":true}", expired.body(), "an expired row reads as absent");
            for (int i = 0; i < 60 && (row("cleaned", "session:stale-1").isPresent()
                    || row("cleaned", "session:stale-2").isPresent()); i++) {
                Http.get(java.url("/api/session"), cookie);
            }
            assertTrue(row("cleaned", "session:stale-1").isEmpty(), "expired rows are deleted on requests");
            assertTrue(row("cleaned", "session:stale-2").isEmpty(), "a row without expiry is expired, as Flask-Session reads it");
        }
    }

    @Test
    void anOutageIsA503ThenTheServiceRecoversWithItsData() {
        Map<String, String> env = javaEnv("outage", "java-outage");
        env.put("SESSION_JDBC_RETRY_AFTER", "7");
        env.put("SESSION_JDBC_CONNECT_TIMEOUT", "500");
        env.put("SESSION_JDBC_PASSWORD", "not-a-real-password-42");
        try (ServerProcess java = ServerProcess.java("sql-java-outage", env)) {
            String cookie = Interop.cookieOf(Http.send("PUT", java.url("/api/session/user"), null, "\"ann\""));
            pg.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    Http.Reply down = Http.get(java.url("/api/session"), cookie);
                    assertEquals(503, down.status(), down.body());
                    assertEquals(Optional.of("7"), down.raw().headers().firstValue("Retry-After"));
                    assertEquals(List.of(), down.setCookies());
                }
                Http.Reply write = Http.send("PUT", java.url("/api/session/user"), cookie, "\"bob\"");
                assertEquals(503, write.status(), "a write while the database is down is never a silent 2xx");
                assertEquals(200, Http.get(java.url("/api/ping"), null).status(), "requests without a session work");
            } finally {
                pg.restart();
            }
            String log = java.log();
            assertEquals(1, log.split("session database is unavailable", -1).length - 1, "one line for the outage:\n" + log);
            assertFalse(log.contains("not-a-real-password-42"), "no password in the log");
            assertFalse(log.contains(cookie.substring("session=".length())), "no session id in the log");

            // The pool reconnects in the background; until it has a connection, requests still get their 503.
            Http.Reply back = Http.get(java.url("/api/session"), cookie);
            for (int i = 0; i < 50 && back.status() == 503; i++) {
                ServerProcess.sleep(100);
                back = Http.get(java.url("/api/session"), cookie);
            }
            assertEquals(200, back.status(), back.body());
            assertEquals("{\"_permanent\":true,\"user\":\"ann\"}", back.body(), "what was stored survived");
            assertTrue(java.log().contains("session database is available again"), java.log());
        }
    }

    /** A row Flask-Session wrote has no stamps of ours: the absolute timeout counts from its expiry less the lifetime. */
    @Test
    void aRowFlaskWroteStartsWhenItWasWrittenNotWhenItIsRead() {
        Map<String, String> env = javaEnv("sessions", "sql-absolute");
        try (ServerProcess flask = ServerProcess.flask("sql-absolute-flask", flaskEnv(env))) {
            env.put("SESSION_ABSOLUTE_TIMEOUT", "3");
            try (ServerProcess java = ServerProcess.java("sql-absolute-java", env)) {
                Http.Reply made = Http.send("PUT", flask.url("/api/session/user"), null, "\"ann\"");
                String cookie = "session=" + made.cookie("session").orElseThrow();
                assertTrue(Http.get(java.url("/api/session"), cookie).body().contains("ann"), "it opens at once");
                // Whole seconds: 4.5 s of real time reads as 4 or 5, never below 3.
                ServerProcess.sleep(4500);
                String late = Http.get(java.url("/api/session"), cookie).body();
                assertFalse(late.contains("ann"), "3 s after Flask wrote it: " + late);
            }
        }
    }
}
