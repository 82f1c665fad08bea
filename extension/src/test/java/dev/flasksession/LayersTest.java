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
 * {@code store}, and the core artifact's packages never use a store's (the stores are separate artifacts). Checked on the compiled main classes, so every kind of use counts (a field, a parameter, an
 * annotation, a call), not only an import, and a new package fails until it is given a place. What the compiler
 * leaves out of the class files is not seen: an unused import, and a use of a compile-time constant (a setting's
 * name), which javac copies into the user.
 */
public class LayersTest {
    /** Each package, bottom first, with the packages it may use; across the artifacts, the core's first. */
    static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("json", List.of());
        ALLOWED.put("signing", List.of());
        ALLOWED.put("encryption", List.of("signing"));
        ALLOWED.put("config", List.of("json"));
        ALLOWED.put("session", List.of("config", "encryption", "json", "signing"));
        ALLOWED.put("users", List.of("config", "session", "signing"));
        ALLOWED.put("csrf", List.of("config", "json", "session", "signing"));
        ALLOWED.put("flash", List.of("config", "json", "session", "signing"));
        // The core ends here: it reaches the stores only through cdi's SessionBackendType, by ServiceLoader.
        ALLOWED.put("cdi", List.of("config", "encryption", "json", "session", "signing", "users"));
        // Flask-Login's state and its CDI beans (the request's user, the remember cookie as a hook), over cdi's
        // request session.
        ALLOWED.put("login", List.of("cdi", "config", "flash", "json", "session", "signing", "users"));
        ALLOWED.put("store", List.of("config", "json", "session", "signing"));
        ALLOWED.put("redis", List.of("cdi", "config", "json", "session", "signing", "store", "users"));
        ALLOWED.put("jdbc", List.of("cdi", "config", "json", "session", "signing", "store", "users"));
    }

    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        check();
    }

    /**
     * Checks the calling module's main classes; each store module runs this from its own test, so every artifact's
     * arrows are checked against the one table.
     */
    public static void check() {
        // The module's own compiled classes only: scanning the whole class path for the package costs seconds.
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
        // A module holds only some of the packages: the others' layers are empty in it.
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.flasksession..")
                .ensureAllClassesAreContainedInArchitecture().withOptionalLayers(true);
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
