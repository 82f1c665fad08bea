package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scripts wait for the demo's port and then send their first request: that request must be served, never a 404. */
class DemoStartupTest {
    @Test
    void theFirstRequestTheOpenPortAcceptsIsServed() throws Exception {
        try (ServerProcess server = ServerProcess.startJava("startup-gate",
                Map.of("SECRET_KEY", "startup-secret-0123456789", "SLOW_DEPLOYMENT_MILLIS", "1500"))) {
            URI uri = URI.create(server.url("/api/ping"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    assertEquals("HTTP/1.1 200", statusLine, "the first answer once the port is open:\n" + server.log());
                    return;
                } catch (IOException notListeningYet) {
                    ServerProcess.sleep(2);
                }
            }
            throw new AssertionError("the demo never opened its port:\n" + server.log());
        }
    }
}
