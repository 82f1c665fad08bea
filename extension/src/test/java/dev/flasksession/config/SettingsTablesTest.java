package dev.flasksession.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings tables per concern, the builder made from them, and the rule by which a backend refuses a table. */
class SettingsTablesTest {
    /** A value other than the default for each setting; a new setting fails the builder test until it has one. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("SECRET_KEY", " a key with spaces "), Map.entry("SECRET_KEY_FALLBACKS", "old1,old2"),
            Map.entry("SESSION_COOKIE_NAME", "sid"), Map.entry("SESSION_COOKIE_DOMAIN", "example.com"),
            Map.entry("SESSION_COOKIE_PATH", "/app"), Map.entry("SESSION_COOKIE_HTTPONLY", "false"),
            Map.entry("SESSION_COOKIE_SECURE", "true"), Map.entry("SESSION_COOKIE_SAMESITE", "Lax"),
            Map.entry("SESSION_COOKIE_PARTITIONED", "yes"), Map.entry("PERMANENT_SESSION_LIFETIME", "60"),
            Map.entry("SESSION_REFRESH_EACH_REQUEST", "off"), Map.entry("SESSION_MAX_COOKIE_BYTES", "4096"),
            Map.entry("SESSION_MAX_PAYLOAD_BYTES", "2048"), Map.entry("SESSION_DETECT_NESTED_CHANGES", "1"),
            Map.entry("SESSION_IDLE_TIMEOUT", "600"), Map.entry("SESSION_ABSOLUTE_TIMEOUT", "3600"),
            Map.entry("SESSION_TRACK_USERS", "true"), Map.entry("SESSION_USER_KEY", "uid"),
            Map.entry("SESSION_MAX_PER_USER", "3"), Map.entry("SESSION_LAZY_OPEN", "true"),
            Map.entry("SESSION_HEADER_NAME", "X-Session-Id"));

    @Test
    void everySettingOfEveryTableCanBeSetThroughTheBuilder() {
        for (SettingsTable table : SessionConfig.TABLES) {
            for (Setting<?> setting : table.settings()) {
                String sample = SAMPLES.get(setting.name());
                assertNotNull(sample, "add a sample value for " + setting.name() + " (" + table.name() + ") here");
                SessionConfig built = SessionConfig.builder().set(setting.name(), sample).build();
                Object value = built.get(setting);
                assertEquals(setting.parse(sample), value, setting.name());
                assertNotEquals(setting.defaultValue(), value, setting.name() + ": the sample must not be the default");
                assertEquals(SessionConfig.from(ConfigSource.of(Map.of(setting.name(), sample))).get(setting), value,
                        setting.name() + ": built as read from a source");
                assertEquals(setting.defaultValue(), SessionConfig.builder().set(setting.name(), sample)
                        .set(setting.name(), null).build().get(setting), setting.name() + ": null restores the default");
            }
        }
    }

    @Test
    void theBuilderChecksAValueByItsDeclaration() {
        SessionConfigException bad = assertThrows(SessionConfigException.class,
                () -> SessionConfig.builder().set(SessionConfig.SESSION_MAX_PER_USER, "-1"));
        assertEquals("SESSION_MAX_PER_USER", bad.setting());
        SessionConfigException unknown = assertThrows(SessionConfigException.class,
                () -> SessionConfig.builder().set("SESSION_REDIS", "redis://localhost"));
        assertEquals("SESSION_REDIS", unknown.setting());
        assertTrue(SessionConfig.builder().set(SessionConfig.SESSION_TRACK_USERS, " on ").build().trackUsers());
        assertEquals(Duration.ofSeconds(5), SessionConfig.builder().idleTimeout(Duration.ofSeconds(5)).build().idleTimeout());
    }

    @Test
    void theTablesHoldEachSettingOnceAndMakeUpTheWhole() {
        List<Setting<?>> all = SessionConfig.TABLES.stream().flatMap(t -> t.settings().stream()).toList();
        assertEquals(all, SessionConfig.SETTINGS);
        assertEquals(all.size(), SessionConfig.NAMES.stream().distinct().count(), SessionConfig.NAMES.toString());
        assertEquals(21, all.size(), "no setting lost in the split");
        assertEquals(SessionConfig.TABLES.size(), SessionConfig.TABLES.stream().map(SettingsTable::name).distinct().count());
    }

    @Test
    void aSettingOfATableTheBackendDoesNotReadIsRefusedNamingIt() {
        List<SettingsTable> withoutServerSide = SessionConfig.TABLES.stream()
                .filter(t -> t != ServerSideSessionSettings.TABLE).toList();
        SessionConfig header = SessionConfig.builder().headerName("X-Session-Id").build();
        SessionConfigException e = assertThrows(SessionConfigException.class,
                () -> header.refuseUnusedTables("SomeCookieBackend", withoutServerSide));
        assertEquals("SESSION_HEADER_NAME", e.setting());
        assertTrue(e.getMessage().contains("'Server-side backends only', which SomeCookieBackend does not read"),
                e.getMessage());
        assertDoesNotThrow(() -> header.refuseUnusedTables("AServerSideBackend", SessionConfig.TABLES));
        assertDoesNotThrow(() -> SessionConfig.builder().build().refuseUnusedTables("SomeCookieBackend", List.of()),
                "defaults are never refused");
        assertThrows(SessionConfigException.class, () -> SessionConfig.builder()
                .set(SessionConfig.SESSION_LAZY_OPEN, "true").build().refuseUnusedTables("X", withoutServerSide.stream()
                        .filter(t -> t != RequestFilterSettings.TABLE).toList()), "any table, not only the server-side one");
        assertEquals(Optional.of("X-Session-Id"), header.headerName());
    }
}
