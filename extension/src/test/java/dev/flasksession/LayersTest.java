package dev.flasksession;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package arrows point one way, bottom to top, and are written once here (docs/architecture.md explains them):
 * a package uses only the packages listed under it. The two stores never use each other; what they share lives in
 * {@code store}. Checked on the compiled main classes, so every kind of use counts (a field, a parameter, an
 * annotation, a call), not only an import, and a new package fails until it is given a place. What the compiler
 * leaves out of the class files is not seen: an unused import, and a use of a compile-time constant (a setting's
 * name), which javac copies into the user.
 */
class LayersTest {
    /** Each package, bottom first, with the packages it may use. */
    static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("json", List.of());
        ALLOWED.put("signing", List.of());
        ALLOWED.put("encryption", List.of("signing"));
        ALLOWED.put("config", List.of("json"));
        ALLOWED.put("session", List.of("config", "encryption", "json", "signing"));
        ALLOWED.put("store", List.of("config", "json", "session", "signing"));
        ALLOWED.put("users", List.of("config", "session", "signing", "store"));
        ALLOWED.put("redis", List.of("config", "json", "session", "signing", "store", "users"));
        ALLOWED.put("jdbc", List.of("config", "json", "session", "signing", "store", "users"));
        ALLOWED.put("cdi", List.of("config", "encryption", "jdbc", "json", "redis", "session", "signing", "store",
                "users"));
    }

    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        // The module's own compiled classes only: scanning the whole class path for the package costs seconds.
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.flasksession..")
                .ensureAllClassesAreContainedInArchitecture();
        for (String name : ALLOWED.keySet()) {
            layers = layers.layer(name).definedBy("dev.flasksession." + name + "..");
        }
        for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
            layers = e.getValue().isEmpty() ? layers.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        layers.check(classes);
    }
}
