package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Cookie header table that {@code CookieHeadersTest} replays against our parser still holds what the real
 * Werkzeug says today: cookie_table.py asks Werkzeug again about every stored header.
 */
class CookieTableTest {
    @Test
    void werkzeugStillGivesEveryStoredExpectation() {
        PythonPeers.requireInstalled();
        Path table = Path.of(ServerProcess.property("flasksession.cookie.table"));
        assertTrue(Files.isRegularFile(table), "no table at " + table);
        Path script = Path.of(ServerProcess.property("flasksession.python.dir"), "cookie_table.py");
        PythonPeers.Result r = PythonPeers.run(List.of(script.toString(), "check", table.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("agrees with all"), r.output());
    }
}
