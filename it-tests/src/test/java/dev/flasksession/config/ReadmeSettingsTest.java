package dev.flasksession.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.cdi.SessionType;
import dev.flasksession.jdbc.JdbcSessionSettings;
import dev.flasksession.redis.RedisSessionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's settings tables are made from the declarations, so they cannot drift from the code. Run with
 * {@code -Dreadme.update=true} to rewrite them after changing a setting.
 */
class ReadmeSettingsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Map<String, List<Setting<?>>> TABLES = Map.of(
            "SessionConfig", SessionConfig.SETTINGS, "RedisSessionSettings", RedisSessionSettings.SETTINGS,
            "JdbcSessionSettings", JdbcSessionSettings.SETTINGS, "SessionType", SessionType.SETTINGS);

    @Test
    void theReadmeTablesAreTheDeclaredSettings() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = readme;
        for (Map.Entry<String, List<Setting<?>>> table : TABLES.entrySet()) {
            String open = "<!-- settings: " + table.getKey() + " -->\n";
            String close = "<!-- /settings -->";
            int start = expected.indexOf(open);
            assertTrue(start >= 0, "README.md lacks the marker " + open);
            int end = expected.indexOf(close, start);
            expected = expected.substring(0, start + open.length()) + Setting.markdownTable(table.getValue())
                    + expected.substring(end);
        }
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, readme, "README.md's settings tables differ from the declarations; rerun this test "
                + "with -Dreadme.update=true to rewrite them");
    }

    @Test
    void everySettingHasOneDeclaration() {
        List<String> names = TABLES.values().stream().flatMap(List::stream).map(Setting::name).toList();
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    }
}
