package dev.flasksession.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.cdi.SessionType;
import dev.flasksession.csrf.WtfCsrfSettings;
import dev.flasksession.login.LoginSettings;
import dev.flasksession.jdbc.JdbcSessionSettings;
import dev.flasksession.redis.RedisSessionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's settings tables are made from the declarations, so they cannot drift from the code. Run with
 * {@code -Dreadme.update=true} to rewrite them after changing a setting.
 */
class ReadmeSettingsTest {
    private static final Path README = Path.of("..", "README.md");
    /**
     * The tables shown under a heading of their own, one per concern: the one list a new table class (Flask-Login's
     * {@code REMEMBER_*}, Flask-WTF's {@code WTF_*}) is added to, after its markers are put where the README shows it.
     */
    private static final List<SettingsTable> TABLES = Stream.concat(SessionConfig.TABLES.stream(),
            Stream.of(LoginSettings.TABLE, WtfCsrfSettings.TABLE)).toList();
    /** The stores' and {@code SESSION_TYPE}'s tables, each under the README section of its own backend. */
    private static final Map<String, List<Setting<?>>> SECTION_TABLES = Map.of(
            "RedisSessionSettings", RedisSessionSettings.SETTINGS, "JdbcSessionSettings", JdbcSessionSettings.SETTINGS,
            "SessionType", SessionType.SETTINGS);

    private static Map<String, String> expectedBlocks() {
        Map<String, String> blocks = new LinkedHashMap<>();
        for (SettingsTable table : TABLES) {
            blocks.put(table.name(), "### " + table.heading() + "\n\n" + Setting.markdownTable(table.settings()));
        }
        SECTION_TABLES.forEach((name, settings) -> blocks.put(name, Setting.markdownTable(settings)));
        return blocks;
    }

    @Test
    void theReadmeTablesAreTheDeclaredSettings() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = readme;
        for (Map.Entry<String, String> table : expectedBlocks().entrySet()) {
            String open = "<!-- settings: " + table.getKey() + " -->\n";
            String close = "<!-- /settings -->";
            int start = expected.indexOf(open);
            assertTrue(start >= 0, "README.md lacks the marker " + open);
            int end = expected.indexOf(close, start);
            expected = expected.substring(0, start + open.length()) + table.getValue() + expected.substring(end);
        }
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, readme, "README.md's settings tables differ from the declarations; rerun this test "
                + "with -Dreadme.update=true to rewrite them");
    }

    @Test
    void everySettingHasOneDeclaration() {
        List<String> names = Stream.concat(TABLES.stream().flatMap(t -> t.settings().stream()),
                SECTION_TABLES.values().stream().flatMap(List::stream)).map(Setting::name).toList();
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    }
}
