package dev.sessionguard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ArchUnit's import drops a class file it cannot read with a log line; the rules would then pass over it. They fail
 * instead, naming the file, unless {@code sessionguard.skipUnreadable=true} makes it a logged warning.
 */
class UnreadableClassFilesTest {
    private static final Path FIXTURES = Path.of("target/test-classes/dev/sessionguard/fixtures/sg001/jpa/routes");

    @Test
    void a_class_file_the_import_could_not_read_fails_the_rules_naming_it(@TempDir Path dir) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("dev/sessionguard/fixtures/sg001/jpa/routes"));
        Files.copy(FIXTURES.resolve("MemoryRoute.class"), pkg.resolve("MemoryRoute.class"));
        byte[] good = Files.readAllBytes(FIXTURES.resolve("MemoryRoute.class"));
        Path truncated = Files.write(pkg.resolve("Truncated.class"), Arrays.copyOf(good, good.length / 2));
        JavaClasses classes = new ClassFileImporter().importLocations(List.of(Location.of(dir)));
        assertThat(classes.contain("dev.sessionguard.fixtures.sg001.jpa.routes.Truncated"))
                .as("ArchUnit skips it").isFalse();

        SessionPolicy strict = SessionPolicy.builder().presets(Preset.JPA).build();
        List<com.tngtech.archunit.lang.ArchRule> rules = SessionRules.all(strict);
        assertThatThrownBy(() -> rules.get(0).evaluate(classes)).isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageStartingWith("session-guard: " + truncated + ": a truncated or damaged class file (")
                .hasMessageEndingWith("), skipped by the import; set sessionguard.skipUnreadable=true to check the"
                        + " rest and log them as warnings");
        for (var rule : rules.subList(1, rules.size())) {
            // reported once per import: the other rules are skipped (aborted), never passed
            assertThatThrownBy(() -> rule.evaluate(classes)).isInstanceOf(org.opentest4j.TestAbortedException.class)
                    .hasMessageStartingWith("session-guard: " + truncated + ": a truncated or damaged class file (")
                    .hasMessageEndingWith("(reported by the first rule that met it; this rule is skipped)");
        }

        SessionPolicy lenient = strict.toBuilder().skipUnreadable(true).build();
        assertThat(SessionRules.violations(SessionRules.rawFactoryOutsideDb(lenient).evaluate(classes)))
                .extracting(Violation::className).contains("dev.sessionguard.fixtures.sg001.jpa.routes.MemoryRoute");
    }

    @Test
    void in_a_jar_too(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        byte[] good = Files.readAllBytes(FIXTURES.resolve("MemoryRoute.class"));
        String pkg = "dev/sessionguard/fixtures/sg001/jpa/routes/";
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(pkg + "MemoryRoute.class"));
            out.write(good);
            out.putNextEntry(new java.util.jar.JarEntry(pkg + "Broken.class"));
            out.write("not a class".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.jar.JarEntry("other/Elsewhere.class"));
            out.write("not looked at: no class of this package was imported".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        JavaClasses classes = new ClassFileImporter().importJar(new java.util.jar.JarFile(jar.toFile()));
        assertThat(ImportCompleteness.unreadable(classes)).singleElement().asString()
                .startsWith(jar + "!/" + pkg + "Broken.class: not a class file (");
    }

    @Test
    void a_sound_import_is_not_read_twice() {
        JavaClasses classes = new ClassFileImporter().importPath(FIXTURES);
        assertThat(ImportCompleteness.unreadable(classes)).isEmpty();
    }
}
