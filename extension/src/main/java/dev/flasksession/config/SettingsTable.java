package dev.flasksession.config;

import java.util.List;
import java.util.Objects;

/**
 * One concern's settings, as one table: what the README shows under one heading, and what a backend either reads as
 * a whole or refuses as a whole ({@link SessionConfig#refuseUnusedTables}).
 *
 * @param name     the declaring class's simple name, which marks the table's place in the README
 * @param heading  a short heading for the README, which also names the table in messages
 * @param settings the settings, in documentation order
 */
public record SettingsTable(String name, String heading, List<Setting<?>> settings) {
    /**
     * @param name     the declaring class's simple name
     * @param heading  a short heading
     * @param settings the settings, in documentation order
     */
    public SettingsTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(heading, "heading");
        settings = List.copyOf(settings);
    }
}
