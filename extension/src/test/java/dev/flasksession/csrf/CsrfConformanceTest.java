package dev.flasksession.csrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.Conformance;
import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * csrf.jsonl, made with the real Flask-WTF 1.3.0: its tokens come out here byte for byte (so ours validate there),
 * its tokens validate here, and every refusal gives its reason, for {@code validate_csrf} and for whole requests
 * through {@code CSRFProtect}.
 */
class CsrfConformanceTest {
    private static final List<Map<String, Object>> ROWS = Conformance.lines("csrf.jsonl");

    private static Stream<Map<String, Object>> rows(String kind) {
        List<Map<String, Object>> rows = ROWS.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        assertTrue(rows.size() >= 5, "too few " + kind + " vectors");
        return rows.stream();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** The app's config as this library's settings: lists comma-joined, None as "none". */
    @SuppressWarnings("unchecked")
    private static ConfigSource config(Map<String, Object> row) {
        Map<String, String> values = new HashMap<>();
        values.put("SECRET_KEY", (String) row.get("secret_key"));
        Map<String, Object> config = (Map<String, Object>) row.getOrDefault("config", Map.of());
        config.forEach((name, value) -> values.put(name, value == null ? "none"
                : value instanceof List<?> list ? String.join(",", (List<String>) list) : String.valueOf(value)));
        if (row.containsKey("wtf_csrf_secret_key")) {
            values.put("WTF_CSRF_SECRET_KEY", (String) row.get("wtf_csrf_secret_key"));
        }
        return ConfigSource.of(values);
    }

    private static CsrfTokens tokens(ConfigSource source, long now) {
        WtfCsrfSettings settings = WtfCsrfSettings.from(source);
        return new CsrfTokens(settings.signingKeys(SessionConfig.from(source)), settings.fieldName(),
                settings.timeLimitSeconds(), Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC),
                new SecureRandom());
    }

    private static String outcome(Runnable check) {
        try {
            check.run();
            return "ok";
        } catch (CsrfValidationException e) {
            return e.getMessage();
        }
    }

    private static String expected(Map<String, Object> row) {
        return (String) row.getOrDefault("expect_here", row.get("expect"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> session(Map<String, Object> row) {
        return new HashMap<>((Map<String, Object>) row.get("session"));
    }

    @TestFactory
    Stream<DynamicTest> flaskWtfTokensAreMadeHereByteForByteAndValidateHere() {
        return rows("token").map(row -> DynamicTest.dynamicTest((String) row.get("name"), () -> {
            long at = number(row.get("timestamp"));
            CsrfTokens tokens = tokens(config(row), at);
            String raw = (String) row.get("raw");
            assertEquals(row.get("token"), tokens.sign(raw, at));
            Map<String, Object> session = new HashMap<>(Map.of("csrf_token", raw));
            assertEquals("ok", outcome(() -> tokens.validate((String) row.get("token"), session)));
            assertEquals(row.get("token"), tokens.generate(session), "generate_csrf at the same time");
        }));
    }

    @TestFactory
    Stream<DynamicTest> validateGivesFlaskWtfsReasons() {
        return rows("validate").map(row -> DynamicTest.dynamicTest((String) row.get("name"), () -> {
            CsrfTokens tokens = tokens(config(row), number(row.get("now")));
            assertEquals(expected(row), outcome(() -> tokens.validate((String) row.get("token"), session(row))));
        }));
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> protectGivesFlaskWtfsAnswerForWholeRequests() {
        return rows("protect").map(row -> DynamicTest.dynamicTest((String) row.get("name"), () -> {
            ConfigSource source = config(row);
            CsrfProtect protect = new CsrfProtect(tokens(source, number(row.get("now"))), WtfCsrfSettings.from(source));
            Map<String, String> form = new LinkedHashMap<>();
            for (List<String> field : (List<List<String>>) row.get("form")) {
                form.putIfAbsent(field.get(0), field.get(1));
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll((Map<String, String>) row.get("headers"));
            String scheme = (String) row.get("scheme");
            String host = CsrfProtect.requestHost(scheme, (String) row.get("host_header"), null, null);
            CsrfRequest request = CsrfRequest.of((String) row.get("method"), form, headers::get,
                    "https".equals(scheme), host);
            assertEquals(expected(row), outcome(() -> protect.protect(request, session(row))));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aTokenMadeHereForAnyRawTokenIsFlaskWtfs() {
        // Beyond the vectors' raw tokens: the payload is the JSON string, never compressed for a 40-digit one.
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, Object> row = rows("token").findFirst().orElseThrow();
        CsrfTokens tokens = tokens(config(row), number(row.get("timestamp")));
        for (int i = 0; i < 20; i++) {
            String raw = CsrfTokens.newRawToken(new SecureRandom());
            tests.add(DynamicTest.dynamicTest(raw, () -> {
                String token = tokens.sign(raw, number(row.get("timestamp")));
                String payload = token.substring(0, token.indexOf('.'));
                assertEquals("\"" + raw + "\"", new String(java.util.Base64.getUrlDecoder().decode(payload),
                        StandardCharsets.US_ASCII));
            }));
        }
        return tests.stream();
    }
}
