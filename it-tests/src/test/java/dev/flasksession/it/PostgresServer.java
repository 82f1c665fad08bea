package dev.flasksession.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql}) on a free loopback port, in a fresh data directory under
 * {@code it-tests/target/postgres/}. As root, {@code initdb} and {@code pg_ctl} run as the {@code postgres} user,
 * which PostgreSQL requires. Every statement is logged ({@code log_statement=all}, with the client's
 * {@code application_name}), so tests count what a server really sent. A missing installation fails with what to
 * install.
 */
final class PostgresServer implements AutoCloseable {
    private static final String INSTALL = "PostgreSQL is not installed: the SQL store tests run a real one. "
            + "Install it with: apt-get install -y postgresql";
    /** A logged statement: {@code <application> LOG:  execute <name>: <sql>} (or {@code statement: <sql>}). */
    private static final Pattern LOGGED = Pattern.compile("^(\\S*) LOG:  (?:execute [^:]+|statement): (.*)$");

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /**
     * @param name a name for the folder
     * @return the running server, database {@code postgres}, user {@code postgres}, no password (trust on loopback)
     */
    static PostgresServer start(String name) {
        Path bin = binaries();
        try {
            int port = ServerProcess.freePort();
            Path dir = Path.of(ServerProcess.property("flasksession.logs.dir")).resolveSibling("postgres")
                    .resolve(name + "-" + port).toAbsolutePath();
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
            PostgresServer server = new PostgresServer(bin, dir, port);
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
                // The folders above must be passable for the postgres user.
                for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                    p.toFile().setExecutable(true, false);
                }
            }
            server.pg(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "--no-sync");
            // In the configuration file rather than on pg_ctl's command line, where the prefix's space needs quoting.
            Files.writeString(dir.resolve("data/postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + port
                    + "\nunix_socket_directories = '" + dir + "'\nfsync = off\nlog_statement = 'all'\n"
                    + "log_line_prefix = '%a '\nlog_min_messages = warning\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.naturalOrder()).orElseThrow(() -> new AssertionError(INSTALL));
        } catch (IOException e) {
            throw new AssertionError(INSTALL, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a PostgreSQL tool, as the postgres user when the tests run as root. */
    private void pg(String... command) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", String.join(" ",
                    Stream.of(command).map(PostgresServer::quoted).toList())));
        } else {
            cmd.addAll(List.of(command));
        }
        run(cmd);
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(cmd + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void launch() {
        pg(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("pg.log").toString(), "-w", "-t", "30", "start");
    }

    /** Stops the server (fast shutdown: sessions are cut, committed data stays), as an outage would. */
    void stop() {
        pg(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts the server again on the same port and data. */
    void restart() {
        launch();
    }

    /** @return the port it listens on, on 127.0.0.1 */
    int port() {
        return port;
    }

    /** @return the JDBC URL; {@code application} names the client in the statement log */
    String jdbcUrl(String application) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?ApplicationName=" + application;
    }

    /** @return the URL for Flask-SQLAlchemy with psycopg2 ({@code postgresql://} alone would mean psycopg 3) */
    String sqlalchemyUrl(String application) {
        return "postgresql+psycopg2://postgres@127.0.0.1:" + port + "/postgres?application_name=" + application;
    }

    /** @return a fresh connection as {@code postgres}, named {@code tests} in the log; to be closed */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("tests"), "postgres", "");
    }

    /**
     * @param application a client's {@code application_name}
     * @return every non-empty statement that client sent so far, in order, from the server's log
     */
    List<String> statementsOf(String application) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("pg.log"), StandardCharsets.UTF_8)) {
                Matcher m = LOGGED.matcher(line);
                if (m.matches() && m.group(1).equals(application) && !m.group(2).isBlank()) {
                    out.add(m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (AssertionError alreadyStopped) {
            // a test that stopped it for an outage may have failed before starting it again
        }
    }
}
