package dev.flasksession.csrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.session.FlaskSession;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
    private static final long NOW = 1767225600L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    private static CsrfTokens tokens(List<byte[]> keys) {
        return new CsrfTokens(keys, "csrf_token", 3600L, CLOCK, new SecureRandom());
    }

    private static CsrfTokens tokens(String key) {
        return tokens(List.of(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rawTokensAreFortyLowerCaseHexDigitsAndDiffer() {
        String a = CsrfTokens.newRawToken(new SecureRandom());
        String b = CsrfTokens.newRawToken(new SecureRandom());
        assertTrue(a.matches("[0-9a-f]{40}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void theRawTokenIsMadeOnlyWhenATokenIsAskedForAndTheSessionHasNone() {
        FlaskSession session = new FlaskSession();
        CsrfTokens tokens = tokens("dev-secret");
        RequestCsrf csrf = new RequestCsrf(tokens, session);
        assertFalse(session.isModified(), "nothing asked yet");
        String token = csrf.token();
        assertTrue(session.isModified());
        String raw = (String) session.get("csrf_token");
        assertTrue(raw.matches("[0-9a-f]{40}"));
        assertSame(token, csrf.token(), "one token per request, as g.csrf_token");
        FlaskSession next = new FlaskSession(Map.of("csrf_token", raw), false);
        new RequestCsrf(tokens, next).token();
        assertFalse(next.isModified(), "a session with a raw token keeps it");
        tokens.validate(token, next);
    }

    @Test
    void aValueThatIsNotAStringIsReplaced() {
        FlaskSession session = new FlaskSession(Map.of("csrf_token", 42), false);
        String token = tokens("k").generate(session);
        assertTrue(((String) session.get("csrf_token")).matches("[0-9a-f]{40}"));
        tokens("k").validate(token, session);
        FlaskSession stale = new FlaskSession(Map.of("csrf_token", 42), false);
        CsrfValidationException e = assertThrows(CsrfValidationException.class, () -> tokens("k").validate(token, stale));
        assertEquals(CsrfReason.MISMATCH, e.reason());
    }

    @Test
    void fallbacksVerifyButOnlyTheCurrentKeySigns() {
        Map<String, String> config = Map.of("SECRET_KEY", "new", "SECRET_KEY_FALLBACKS", "old");
        ConfigSource source = ConfigSource.of(config);
        List<byte[]> keys = WtfCsrfSettings.from(source).signingKeys(SessionConfig.from(source));
        String raw = "0".repeat(40);
        assertEquals(tokens("new").sign(raw, NOW), tokens(keys).sign(raw, NOW));
        tokens(keys).validate(tokens("old").sign(raw, NOW), Map.of("csrf_token", raw));
        CsrfValidationException e = assertThrows(CsrfValidationException.class,
                () -> tokens(keys).validate(tokens("older").sign(raw, NOW), Map.of("csrf_token", raw)));
        assertEquals(CsrfReason.INVALID, e.reason());
    }

    @Test
    void badInputIsRefusedWithAReasonAndNothingElse() {
        CsrfTokens tokens = tokens("dev-secret");
        String raw = "a".repeat(40);
        Map<String, Object> session = Map.of("csrf_token", raw);
        String good = tokens.sign(raw, NOW);
        Random random = new Random(21);
        String alphabet = "abcXYZ019-_.=+/%\u00e9\u4e2d\ud83d\ude00\u0000 ";
        for (int i = 0; i < 5000; i++) {
            StringBuilder token = new StringBuilder(i % 2 == 0 ? good : "");
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = token.length() == 0 ? 0 : random.nextInt(token.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                if (token.length() > 0 && random.nextBoolean()) {
                    token.setCharAt(at, c);
                } else {
                    token.insert(at, c);
                }
            }
            String candidate = token.toString();
            if (candidate.equals(good)) {
                continue;
            }
            CsrfValidationException e = assertThrows(CsrfValidationException.class,
                    () -> tokens.validate(candidate, session), candidate);
            assertTrue(e.reason() == CsrfReason.INVALID || e.reason() == CsrfReason.MISMATCH, candidate);
        }
        String huge = "A".repeat(1 << 20) + good;
        assertEquals(CsrfReason.INVALID,
                assertThrows(CsrfValidationException.class, () -> tokens.validate(huge, session)).reason());
        String zipBomb = ".eJzt" + "A".repeat(CsrfTokens.MAX_TOKEN_CHARS - 40) + ".aVW5AA.sig";
        assertEquals(CsrfReason.INVALID,
                assertThrows(CsrfValidationException.class, () -> tokens.validate(zipBomb, session)).reason());
    }

    @Test
    void aSignedValueThatIsNotTheRawTokenDoesNotMatch() {
        CsrfTokens tokens = tokens("dev-secret");
        String nonAscii = tokens.sign("\u00e9".repeat(40), NOW);
        assertEquals(CsrfReason.MISMATCH, assertThrows(CsrfValidationException.class,
                () -> tokens.validate(nonAscii, Map.of("csrf_token", "\u00e9".repeat(40)))).reason());
        assertEquals(CsrfReason.MISMATCH, assertThrows(CsrfValidationException.class,
                () -> tokens.validate(tokens.sign("b".repeat(40), NOW), Map.of("csrf_token", "b".repeat(39)))).reason());
    }

    @Test
    void theExceptionCarriesOnlyTheReason() {
        CsrfValidationException e = new CsrfValidationException(CsrfReason.REFERRER_MISMATCH);
        assertEquals("The referrer does not match the host.", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }
}
