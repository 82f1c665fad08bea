package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests at the HTTP level, sent as raw bytes so nothing in a client library cleans them up: each gets a
 * clean 4xx from the server, or an empty session, and never a 5xx. On both backends.
 */
class HostileHttpTest {
    /** @return the status line's code and the body, from raw request bytes */
    private static String[] send(ServerProcess server, byte[] cookieHeaderValue) throws IOException {
        URI uri = URI.create(server.url("/api/session"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: ")
                    .getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(cookieHeaderValue);
            request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            String response;
            try {
                response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException closedByServer) {
                // A server may refuse a request by closing the connection: that is a clean refusal, not a 500.
                return new String[] {"closed", ""};
            }
            if (response.isEmpty()) {
                return new String[] {"closed", ""};
            }
            String status = response.substring(9, 12);
            int bodyAt = response.indexOf("\r\n\r\n");
            return new String[] {status, bodyAt < 0 ? "" : response.substring(bodyAt + 4)};
        }
    }

    private static List<byte[]> hostileHeaders(String validCookie) {
        List<byte[]> headers = new ArrayList<>();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            many.append("session=").append(i % 2 == 0 ? "x" + i : validCookie + "tampered").append("; ");
        }
        headers.add(many.toString().getBytes(StandardCharsets.ISO_8859_1));
        headers.add(("a=" + "b".repeat(64 * 1024) + "; session=zzz").getBytes(StandardCharsets.ISO_8859_1));
        headers.add(("session=" + "A".repeat(64 * 1024)).getBytes(StandardCharsets.ISO_8859_1));
        byte[] nonUtf8 = "session=\u00ff\u00fe\u0080abc".getBytes(StandardCharsets.ISO_8859_1);
        headers.add(nonUtf8);
        headers.add(new byte[] {'s', 'e', 's', 's', 'i', 'o', 'n', '=', (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        headers.add("session=%65%79%4A; session2=\"\\\"\\\\\\377\"".getBytes(StandardCharsets.ISO_8859_1));
        headers.add("session=\"unterminated; session=also".getBytes(StandardCharsets.ISO_8859_1));
        headers.add(("session=" + validCookie + "====").getBytes(StandardCharsets.ISO_8859_1));
        headers.add(("session=." + validCookie).getBytes(StandardCharsets.ISO_8859_1));
        headers.add("session=\t\u000b\u000c ; ;;; =; =session".getBytes(StandardCharsets.ISO_8859_1));
        return headers;
    }

    private static void assertNoServerError(ServerProcess server, String validCookie, String emptyBody) throws IOException {
        int i = 0;
        for (byte[] header : hostileHeaders(validCookie)) {
            String[] answer = send(server, header);
            String what = "hostile header #" + i++ + " got " + answer[0];
            assertTrue(answer[0].equals("closed") || answer[0].startsWith("2") || answer[0].startsWith("4"), what);
            if (answer[0].equals("200")) {
                assertEquals(emptyBody, answer[1], what);
            }
        }
        assertEquals(200, Http.get(server.url("/api/ping"), null).status(), "the server is still fine");
    }

    @Test
    void signedCookies() throws IOException {
        try (ServerProcess server = ServerProcess.java("hostile-cookie", Map.of("SECRET_KEY", "hostile-secret-0123456789"))) {
            String valid = Http.send("PUT", server.url("/api/session/a"), null, "1").cookie("session").orElseThrow();
            assertNoServerError(server, valid, "{}");
        }
    }

    @Test
    void redis() throws IOException {
        try (RedisServer redis = RedisServer.start("hostile");
             ServerProcess server = ServerProcess.java("hostile-redis", Map.of("SECRET_KEY", "hostile-secret-0123456789",
                     "SESSION_TYPE", "redis", "SESSION_REDIS", redis.url(), "SESSION_USE_SIGNER", "true"))) {
            String valid = Http.send("PUT", server.url("/api/session/a"), null, "1").cookie("session").orElseThrow();
            assertNoServerError(server, valid, "{\"_permanent\":true}");
        }
    }
}
