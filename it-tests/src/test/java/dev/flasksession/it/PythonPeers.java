package dev.flasksession.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the Python that runs the Flask peers, and fails with what to install when it is missing. */
final class PythonPeers {
    private static final String INSTALL = "The interop tests run the real Flask 3.1.3, Werkzeug 3.1.9, "
            + "itsdangerous 2.2.0 and Flask-Session 0.8.0, with the other peers pinned in it-tests/requirements.txt. "
            + "./run-tests.sh installs them in .venv-peers/ and runs the tests with it; or install them with "
            + "pip install -r it-tests/requirements.txt and set FLASK_PYTHON to that Python.";
    private static volatile boolean checked;

    private PythonPeers() {
    }

    static String python() {
        String configured = System.getenv("FLASK_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    static synchronized void requireInstalled() {
        if (checked) {
            return;
        }
        // pinned.py compares every line of requirements.txt with what this Python has, and names each difference.
        Path script = Path.of(ServerProcess.property("flasksession.python.dir"), "pinned.py");
        Result r = run(List.of(script.toString(), ServerProcess.property("flasksession.python.requirements")));
        if (r.exit() != 0) {
            throw new AssertionError(INSTALL + "\n" + python() + " said: " + r.output().trim());
        }
        checked = true;
    }

    /** What a Python run printed (stdout and stderr together), and its exit status. */
    record Result(int exit, String output) {
    }

    /**
     * Runs the peers' Python to the end, within a minute.
     *
     * @param args the arguments after the interpreter: a script and its arguments, or {@code -c} and code
     * @return its exit status and output
     */
    static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(python());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s:\n" + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(INSTALL + "\nCannot run " + python() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
