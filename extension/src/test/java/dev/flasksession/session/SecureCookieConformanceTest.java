package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.json.TaggedJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class SecureCookieConformanceTest {
    private final TaggedJson json = new TaggedJson();

    private static SecureCookieSessionInterface backend(Map<String, Object> v, long now, long maxAge) {
        @SuppressWarnings("unchecked")
        List<String> fallbacks = (List<String>) v.getOrDefault("fallbacks", List.of());
        SessionConfig config = SessionConfig.builder()
                .secretKey((String) v.get("secret_key"))
                .secretKeyFallbacks(fallbacks)
                .permanentSessionLifetime(Duration.ofSeconds(maxAge))
                .build();
        return new SecureCookieSessionInterface(config, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
    }

    private static FlaskSession open(SessionInterface backend, String cookie) {
        return backend.openSession(SessionRequest.fromCookieHeaders(List.of("session=" + cookie)));
    }

    @TestFactory
    Stream<DynamicTest> flaskCookiesOpenAndOursAreByteIdentical() {
        return Conformance.lines("securecookie.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                (String) v.get("name"), () -> {
                    long ts = ((Number) v.get("timestamp")).longValue();
                    SecureCookieSessionInterface backend = backend(v, ts, 2678400);
                    String tagged = (String) v.get("tagged_json");
                    FlaskSession session = open(backend, (String) v.get("cookie"));
                    assertEquals(tagged, json.dumps(session.contents()), "decoded data");

                    if (!Boolean.TRUE.equals(v.get("verify_only"))) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> data = (Map<String, Object>) json.loads(tagged);
                        String ours = backend.getSigningSerializer().orElseThrow().dumps(data, ts);
                        assertEquals(v.get("cookie"), ours, "cookie bytes");
                        assertEquals(v.get("compressed"), ours.startsWith("."), "compressed");
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> rejectedCookiesGiveAnEmptySession() {
        return Conformance.lines("securecookie-reject.jsonl").stream().map(v -> DynamicTest.dynamicTest(
                (String) v.get("name"), () -> {
                    SecureCookieSessionInterface backend = backend(v, ((Number) v.get("now")).longValue(),
                            ((Number) v.get("max_age")).longValue());
                    FlaskSession session = open(backend, (String) v.get("cookie"));
                    if ("accept".equals(v.get("expect"))) {
                        assertEquals(v.get("tagged_json"), json.dumps(session.contents()));
                    } else {
                        assertEquals("reject", v.get("expect"));
                        assertTrue(session.contents().isEmpty(), "an empty session");
                        assertEquals(false, session.isModified());
                    }
                }));
    }
}
