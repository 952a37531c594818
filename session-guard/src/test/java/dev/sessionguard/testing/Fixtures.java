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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiled fixtures and their expectations. A fixture line that must be reported carries a marker comment naming
 * the rule ({@code // SG001}, or several: {@code // SG001 SG002}); every other line must stay silent. A marker may
 * carry a fragment of the message after a colon ({@code // SG002: not closed when the method returns}), in the
 * style of Error Prone's {@code // BUG: Diagnostic contains:}; the violation at that line must contain it.
 */
public final class Fixtures {
    public static final Path TEST_SOURCES = Paths.get("src/test/java");
    /** A rule ID in a line comment, with an optional message fragment that runs to the end of the line. */
    private static final Pattern MARKER = Pattern.compile("\\b(SG00\\d)\\b(?::\\s*(.*\\S))?");

    private Fixtures() {
    }

    public static JavaClasses importPackage(String packageName) {
        return new ClassFileImporter().importPackages(packageName);
    }

    /** {@code RULE path:line} for every marker of the rule below the package's source folder. */
    public static Set<String> expected(String packageName, SessionRule rule) {
        return new TreeSet<>(markers(packageName, rule).keySet());
    }

    /**
     * {@code RULE path:line} for every marker of the rule below the package's source folder, mapped to the message
     * fragment the marker carries ({@code ""} for none).
     */
    public static Map<String, String> markers(String packageName, SessionRule rule) {
        Path dir = TEST_SOURCES.resolve(packageName.replace('.', '/'));
        Map<String, String> expected = new TreeMap<>();
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
                            expected.put(rule.id() + " " + path + ":" + (i + 1), m.group(2) == null ? "" : m.group(2));
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
        violations.forEach(v -> actual.add(key(v)));
        return actual;
    }

    /**
     * The rule reported exactly the marked lines of the packages (zero misses, zero false alarms), and each marker's
     * message fragment is part of a message reported at its line.
     */
    public static void assertReportsExactlyTheMarkedLines(List<Violation> found, SessionRule rule, String... packages) {
        Map<String, String> markers = new TreeMap<>();
        for (String p : packages) {
            markers.putAll(markers(p, rule));
        }
        assertThat(found).allSatisfy(v -> assertThat(v.rule()).isEqualTo(rule));
        assertThat(actual(found)).isEqualTo(markers.keySet());
        markers.forEach((at, fragment) -> assertThat(found).filteredOn(v -> key(v).equals(at))
                .extracting(Violation::message).as(at).anySatisfy(m -> assertThat(m).contains(fragment)));
    }

    private static String key(Violation v) {
        return v.rule().id() + " " + v.sourcePath() + ":" + v.line();
    }
}
