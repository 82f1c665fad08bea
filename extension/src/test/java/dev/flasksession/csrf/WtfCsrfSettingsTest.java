package dev.flasksession.csrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import dev.flasksession.config.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WtfCsrfSettingsTest {
    private static WtfCsrfSettings of(String name, String value) {
        return WtfCsrfSettings.from(ConfigSource.of(Map.of(name, value)));
    }

    @Test
    void flaskWtfsDefaults() {
        WtfCsrfSettings s = WtfCsrfSettings.defaults();
        assertTrue(s.enabled());
        // Flask-WTF's is true, but it checks nothing until CSRFProtect(app) runs: off until asked for here.
        assertFalse(s.checkDefault());
        assertEquals(Optional.empty(), s.secretKey());
        assertEquals(3600L, s.timeLimitSeconds());
        assertEquals("csrf_token", s.fieldName());
        assertEquals(List.of("X-CSRFToken", "X-CSRF-Token"), s.headers());
        assertEquals(Set.of("POST", "PUT", "PATCH", "DELETE"), s.methods());
        assertTrue(s.sslStrict());
        assertEquals("csrf-token", s.metaName());
        assertEquals(List.of("WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "WTF_CSRF_SECRET_KEY",
                "WTF_CSRF_TIME_LIMIT", "WTF_CSRF_FIELD_NAME", "WTF_CSRF_HEADERS", "WTF_CSRF_METHODS",
                "WTF_CSRF_SSL_STRICT", "WTF_CSRF_META_NAME"), WtfCsrfSettings.SETTINGS.stream().map(Setting::name).toList());
    }

    @Test
    void valuesAreRead() {
        assertFalse(of("WTF_CSRF_ENABLED", "false").enabled());
        assertFalse(of("WTF_CSRF_CHECK_DEFAULT", "0").checkDefault());
        assertTrue(of("WTF_CSRF_CHECK_DEFAULT", "true").checkDefault());
        assertFalse(of("WTF_CSRF_SSL_STRICT", "off").sslStrict());
        assertEquals(60L, of("WTF_CSRF_TIME_LIMIT", " 60 ").timeLimitSeconds());
        assertEquals(0L, of("WTF_CSRF_TIME_LIMIT", "0").timeLimitSeconds());
        assertNull(of("WTF_CSRF_TIME_LIMIT", "none").timeLimitSeconds());
        assertNull(of("WTF_CSRF_TIME_LIMIT", "None").timeLimitSeconds());
        assertNull(of("WTF_CSRF_TIME_LIMIT", "").timeLimitSeconds());
        assertEquals(List.of("X-Token", "X-Other"), of("WTF_CSRF_HEADERS", "X-Token, X-Other").headers());
        assertEquals(Set.of("POST"), of("WTF_CSRF_METHODS", "POST").methods());
        assertEquals("xsrf", of("WTF_CSRF_FIELD_NAME", "xsrf").fieldName());
        assertEquals(" k ", of("WTF_CSRF_SECRET_KEY", " k ").secretKey().orElseThrow());
        assertTrue(Setting.showAll(WtfCsrfSettings.SETTINGS, Map.of()).contains("WTF_CSRF_SECRET_KEY=unset"));
    }

    @Test
    void badValuesNameTheirSetting() {
        for (String[] bad : new String[][] {{"WTF_CSRF_ENABLED", "maybe"}, {"WTF_CSRF_TIME_LIMIT", "-1"},
                {"WTF_CSRF_TIME_LIMIT", "an hour"}, {"WTF_CSRF_HEADERS", "X-Token,,X-Other"},
                {"WTF_CSRF_HEADERS", "X Token"}, {"WTF_CSRF_METHODS", "post"}, {"WTF_CSRF_SSL_STRICT", "2"}}) {
            SessionConfigException e = assertThrows(SessionConfigException.class, () -> of(bad[0], bad[1]),
                    bad[0] + "=" + bad[1]);
            assertEquals(bad[0], e.setting());
        }
    }

    @Test
    void theCsrfKeyStandsAloneAndSecretKeyBringsItsFallbacks() {
        ConfigSource both = ConfigSource.of(Map.of("SECRET_KEY", "s", "SECRET_KEY_FALLBACKS", "old",
                "WTF_CSRF_SECRET_KEY", "w"));
        List<byte[]> own = WtfCsrfSettings.from(both).signingKeys(SessionConfig.from(both));
        assertEquals(1, own.size());
        assertArrayEquals("w".getBytes(StandardCharsets.UTF_8), own.get(0));
        ConfigSource session = ConfigSource.of(Map.of("SECRET_KEY", "s", "SECRET_KEY_FALLBACKS", "old"));
        List<byte[]> keys = WtfCsrfSettings.from(session).signingKeys(SessionConfig.from(session));
        assertEquals(2, keys.size());
        assertArrayEquals("s".getBytes(StandardCharsets.UTF_8), keys.get(1), "the signing key last");
        SessionConfigException e = assertThrows(SessionConfigException.class,
                () -> WtfCsrfSettings.defaults().signingKeys(SessionConfig.from(ConfigSource.of(Map.of()))));
        assertEquals("WTF_CSRF_SECRET_KEY", e.setting());
    }
}
