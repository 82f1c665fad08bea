package dev.flasksession.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {
    private enum Colour { RED, GREEN }

    @Test
    void valuesAreTrimmedAndBlankMeansUnset() {
        Setting<Long> n = Setting.number("N", 5, 1, 10, "seconds", "a number");
        assertEquals(Optional.of(7L), n.read(ConfigSource.of(Map.of("N", " 7 "))));
        assertEquals(5L, n.readOrDefault(ConfigSource.of(Map.of("N", "  "))));
        assertEquals(5L, n.readOrDefault(ConfigSource.of(Map.of())));
    }

    @Test
    void aBadValueFailsNamingTheSettingAndWhatItAccepts() {
        Setting<Long> n = Setting.number("N", 5, 1, 10, "seconds", "a number");
        for (String bad : List.of("0", "11", "x", "1.5")) {
            SessionConfigException e = assertThrows(SessionConfigException.class,
                    () -> n.read(ConfigSource.of(Map.of("N", bad))));
            assertEquals("N", e.setting());
            assertTrue(e.getMessage().contains("from 1 to 10"), e.getMessage());
        }
        SessionConfigException e = assertThrows(SessionConfigException.class, () -> Setting.choice("C", Colour.class,
                Colour.RED, "a colour").parse("blue"));
        assertTrue(e.getMessage().contains("red, green"), e.getMessage());
        assertEquals(Colour.GREEN, Setting.choice("C", Colour.class, Colour.RED, "a colour").parse("Green"));
        assertThrows(SessionConfigException.class, () -> Setting.flag("F", true, "a flag").parse("maybe"));
    }

    @Test
    void secretsAreReadAsWrittenAndNeverShown() {
        Setting<String> key = Setting.secret("K", "unset", "text", "a key", text -> text);
        assertEquals(Optional.of(" k ${x} "), key.read(ConfigSource.of(Map.of("K", " k ${x} "))));
        assertEquals("K=****", key.show(" k ${x} "));
        assertEquals("K=unset", key.show(null));
        assertTrue(key.markdownRow().contains("never logged"));
    }

    @Test
    void asWrittenKeepsSpacesAndEmptyValues() {
        Setting<String> prefix = Setting.text("P", "p:", "`p:`", "a prefix").asWritten();
        assertEquals(Optional.of(""), prefix.read(ConfigSource.of(Map.of("P", ""))));
        assertEquals(Optional.of(" a: "), prefix.read(ConfigSource.of(Map.of("P", " a: "))));
    }
}
