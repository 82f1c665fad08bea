package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conformance vectors extension's tests replay (extension/src/test/resources/conformance) are still what the
 * installed Flask, itsdangerous, Flask-Session, Flask-WTF and Flask-Login write: conformance_vectors.py and login_vectors.py make
 * every file again and compare.
 */
class ConformanceVectorsTest {
    @Test
    void thePeersStillWriteEveryStoredVector() {
        PythonPeers.requireInstalled();
        Path vectors = Path.of(ServerProcess.property("flasksession.conformance.dir"));
        assertTrue(Files.isRegularFile(vectors.resolve("securecookie.jsonl")), "no vectors in " + vectors);
        Path script = Path.of(ServerProcess.property("flasksession.python.dir"), "conformance_vectors.py");
        PythonPeers.Result r = PythonPeers.run(List.of(script.toString(), "check", vectors.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("agree with all 8 files"), r.output());
    }

    @Test
    void flaskLoginStillWritesTheLoginVectors() {
        PythonPeers.requireInstalled();
        Path vectors = Path.of(ServerProcess.property("flasksession.conformance.dir"));
        Path script = Path.of(ServerProcess.property("flasksession.python.dir"), "login_vectors.py");
        PythonPeers.Result r = PythonPeers.run(List.of(script.toString(), "check", vectors.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("agree with") && r.output().contains("login.jsonl"), r.output());
    }
}
