package dev.flasksession.benchmarks;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.session.FlaskSession;
import dev.flasksession.session.SessionInterface;
import dev.flasksession.session.SessionRequest;
import dev.flasksession.session.SessionResponse;
import dev.flasksession.session.SetCookie;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sessions every benchmark works on, read from {@code sessions.json}, the very file the Python side reads, so both
 * sides time the same data: {@code small} (4 keys, a cookie of about 120 bytes) and {@code medium} (20 nested keys, a
 * zlib-compressed cookie of about 386 bytes).
 */
public final class Sessions {
    /** The key both sides sign with; any key of 16 bytes or more would do. */
    public static final String SECRET_KEY = "benchmark-secret-key-0123456789abcdef";
    /** The key each open+save benchmark changes, as a request that counts something would. */
    public static final String CHANGED_KEY = "n";

    private static final Map<String, Map<String, Object>> ALL = load();

    private Sessions() {
    }

    /**
     * @param size {@code small} or {@code medium}
     * @return a fresh, mutable copy of that session's contents
     */
    public static Map<String, Object> named(String size) {
        Map<String, Object> session = ALL.get(size);
        if (session == null) {
            throw new IllegalArgumentException("No session named '" + size + "' in sessions.json");
        }
        return new LinkedHashMap<>(session);
    }

    /** @return Flask's defaults with {@link #SECRET_KEY} */
    public static SessionConfig config() {
        return SessionConfig.builder().secretKey(SECRET_KEY).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> load() {
        try (InputStream in = Sessions.class.getResourceAsStream("sessions.json")) {
            if (in == null) {
                throw new IllegalStateException("sessions.json is missing from the class path");
            }
            return (Map<String, Map<String, Object>>) new TaggedJson().loads(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonDecodeException e) {
            throw new IllegalStateException("sessions.json is not valid tagged JSON", e);
        }
    }

    /**
     * One request's worth of session work: open, change {@link #CHANGED_KEY}, save.
     *
     * @param sessions the backend
     * @param request  the request carrying the session cookie
     * @return the header value of the cookie the save set
     */
    public static String openChangeSave(SessionInterface sessions, SessionRequest request) {
        FlaskSession session = sessions.openSession(request);
        session.put(CHANGED_KEY, ((Number) session.get(CHANGED_KEY)).intValue() + 1);
        LastCookie response = new LastCookie();
        sessions.saveSession(session, response);
        return response.cookie().toHeaderValue();
    }

    /** Keeps the last cookie a session interface set, so a benchmark can hand it to the blackhole. */
    public static final class LastCookie implements SessionResponse {
        private SetCookie cookie;

        @Override
        public void setCookie(SetCookie cookie) {
            this.cookie = cookie;
        }

        @Override
        public void addVary(String header) {
            // Vary is the framework's business; the benchmarks time the session interface.
        }

        /** @return the last cookie set, or {@code null} */
        public SetCookie cookie() {
            return cookie;
        }
    }
}
