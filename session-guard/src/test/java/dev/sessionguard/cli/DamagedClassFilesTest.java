package dev.sessionguard.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shape of damage the import can meet, in a folder and in a jar: the audit names the file (exit 2), or with
 * {@code --skip-unreadable} audits the rest and lists it as a warning in every format; never a smaller count in
 * silence. The damaged copy is of a class with violations, so analysing it as if it were sound would show too.
 */
class DamagedClassFilesTest {
    private static final String PKG = "dev/sessionguard/fixtures/sg001/jpa/routes/";
    private static final Path FIXTURE = Path.of("target/test-classes/" + PKG + "MemoryRoute.class");
    private static final String SOUND = "dev/sessionguard/fixtures/sg001/jpa/db/JpaDb.class";

    enum Damage {
        BAD_MAGIC(b -> set(b, 0, 0xde, 0xad, 0xbe, 0xef), "a truncated or damaged class file (bad magic number 0xDEADBEEF"),
        ZEROED_MAGIC(b -> set(b, 0, 0, 0, 0, 0), "a truncated or damaged class file (bad magic number 0x00000000"),
        VERSION_ZERO(b -> set(b, 6, 0, 0), "a truncated or damaged class file (class file version 0 is older"),
        VERSION_FROM_THE_FUTURE(b -> set(b, 6, 0, 0xff), "a truncated or damaged class file (IllegalArgumentException"),
        CONSTANT_POOL_COUNT(b -> set(b, 8, 0, 0), "a truncated or damaged class file (ArrayIndexOutOfBoundsException"),
        TRUNCATED(b -> Arrays.copyOf(b, b.length / 2), "a truncated or damaged class file ("),
        HEADER_ONLY(b -> Arrays.copyOf(b, 10), "a truncated or damaged class file ("),
        THREE_BYTES(b -> Arrays.copyOf(b, 3), "not a class file ("),
        EMPTY(b -> new byte[0], "not a class file ("),
        TEXT(b -> "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), "not a class file (");

        final UnaryOperator<byte[]> damage;
        final String reason;

        Damage(UnaryOperator<byte[]> damage, String reason) {
            this.damage = damage;
            this.reason = reason;
        }

        private static byte[] set(byte[] bytes, int at, int... values) {
            byte[] copy = bytes.clone();
            for (int i = 0; i < values.length; i++) {
                copy[at + i] = (byte) values[i];
            }
            return copy;
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void in_a_classes_folder(Damage damage, @TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/" + PKG));
        Path damaged = Files.write(classes.resolve("MemoryRoute.class"), damage.damage.apply(Files.readAllBytes(FIXTURE)));
        Path sound = dir.resolve("classes/" + SOUND);
        Files.createDirectories(sound.getParent());
        Files.copy(Path.of("target/test-classes/" + SOUND), sound);
        assertNamed(dir.resolve("classes").toString(), damaged.toString(), damage);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void in_a_jar(Damage damage, @TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(PKG + "MemoryRoute.class"));
            out.write(damage.damage.apply(Files.readAllBytes(FIXTURE)));
            out.putNextEntry(new JarEntry(SOUND));
            out.write(Files.readAllBytes(Path.of("target/test-classes/" + SOUND)));
        }
        assertNamed(jar.toString(), jar + "!/" + PKG + "MemoryRoute.class", damage);
    }

    private static void assertNamed(String path, String damaged, Damage damage) {
        CliRun refused = CliRun.run("audit", "--preset", "jpa", path);
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines()).singleElement().asString()
                .startsWith("session-guard: " + damaged + ": " + damage.reason)
                .endsWith(", not analysed; --skip-unreadable audits the rest and lists them as warnings");

        for (String format : new String[] {"text", "markdown", "json", "sarif", "html"}) {
            CliRun skipped = CliRun.run("audit", "--preset", "jpa", "--skip-unreadable", "--format", format, path);
            assertThat(skipped.exit()).as(format + ": " + skipped.err()).isZero();
            assertThat(skipped.out()).as(format).containsPattern(Pattern.quote(damaged.substring(damaged.lastIndexOf('/') + 1)))
                    .contains(damage.reason.substring(0, damage.reason.indexOf(" (")))
                    .as("the damaged copy is not analysed as if it were sound").doesNotContain("remember");
        }
        assertThat(CliRun.run("audit", "--preset", "jpa", "--skip-unreadable", path).out())
                .startsWith("session-guard audit of " + path + " (1 classes)");
    }
}
