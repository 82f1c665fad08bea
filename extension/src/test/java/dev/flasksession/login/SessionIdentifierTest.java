package dev.flasksession.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Python's bytes repr, and header values a container decoded as UTF-8. */
class SessionIdentifierTest {
    private static String repr(String latin1) {
        return SessionIdentifier.bytesRepr(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void bytesReprIsPythons() {
        assertEquals("b'abc'", repr("abc"));
        assertEquals("b''", repr(""));
        assertEquals("b\"it's\"", repr("it's"));
        assertEquals("b'say \"hi\"'", repr("say \"hi\""));
        assertEquals("b'\\'\"'", repr("'\""));
        assertEquals("b'\\\\ \\t\\n\\r\\x00\\x1f\\x7f\\x80\\xff'", repr("\\ \t\n\r\u0000\u001f\u007f\u0080\u00ff"));
    }

    @Test
    void aHeaderDecodedAsUtf8CountsAsItsUtf8Bytes() {
        SessionIdentifier.Form v06 = SessionIdentifier.Form.FLASK_LOGIN_0_6;
        String raw = new String("\u20ac".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals(SessionIdentifier.create(v06, "1.2.3.4", null, raw),
                SessionIdentifier.create(v06, "1.2.3.4", null, "\u20ac"));
        assertEquals("b'1.2.3.4'|b'\\xc3\\xa2\\xc2\\x82\\xc2\\xac'", SessionIdentifier.base(v06, "1.2.3.4", null, "\u20ac"));
        assertEquals("None|None", SessionIdentifier.base(v06, null, null, null));
        assertEquals("None|", SessionIdentifier.base(SessionIdentifier.Form.FLASK_LOGIN_0_7, null, "9.9.9.9", null));
    }
}
