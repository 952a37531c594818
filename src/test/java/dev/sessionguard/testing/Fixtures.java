package dev.sessionguard.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiled fixtures and their expectations. A fixture line that must be reported carries a marker comment naming
 * the rule ({@code // SG001}, or several: {@code // SG001 SG002}); every other line must stay silent.
 */
public final class Fixtures {
    public static final Path TEST_SOURCES = Paths.get("src/test/java");
    /** A rule ID in a line comment; one comment may name several ({@code // SG001 SG002}). */
    private static final Pattern MARKER = Pattern.compile("\\b(SG00\\d)\\b");

    private Fixtures() {
    }

    public static JavaClasses importPackage(String packageName) {
        return new ClassFileImporter().importPackages(packageName);
    }

    /** {@code RULE path:line} for every marker of the rule below the package's source folder. */
    public static Set<String> expected(String packageName, SessionRule rule) {
        Path dir = TEST_SOURCES.resolve(packageName.replace('.', '/'));
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                String path = TEST_SOURCES.relativize(file).toString().replace('\\', '/');
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    int comment = line.indexOf("//");
                    Matcher m = MARKER.matcher(comment < 0 ? "" : line.substring(comment));
                    while (m.find()) {
                        if (m.group(1).equals(rule.id())) {
                            expected.add(rule.id() + " " + path + ":" + (i + 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expected;
    }

    /** {@code RULE path:line} of each violation. */
    public static Set<String> actual(List<Violation> violations) {
        Set<String> actual = new TreeSet<>();
        violations.forEach(v -> actual.add(v.rule().id() + " " + v.sourcePath() + ":" + v.line()));
        return actual;
    }
}
