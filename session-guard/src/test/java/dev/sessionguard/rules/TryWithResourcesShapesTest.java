package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SG002 and SG003 on try-with-resources as every javac emits it: the test build's own (release 17), javac 17 for
 * release 8 and Temurin javac 25 for release 25 (committed class files), and the hand-written javac 7/8 and 9/10
 * desugarings. Clean shapes stay silent; the one leak and the one unguarded close of each variant are found.
 */
class TryWithResourcesShapesTest {
    private static final String PACKAGE = "dev.sessionguard.fixtures.twr";
    private static final SessionPolicy JDBC = SessionPolicy.builder().presets(Preset.JDBC).build();

    private static JavaClasses classes(String variant) throws URISyntaxException {
        if (variant.equals("release17")) {
            return new ClassFileImporter().importPackages(PACKAGE);
        }
        Path folder = Path.of(TryWithResourcesShapesTest.class.getResource("/bytecode/" + variant).toURI());
        return new ClassFileImporter().importLocations(List.of(Location.of(folder)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"release17", "release8", "javac25"})
    void every_compiler_shape_is_understood(String variant) throws URISyntaxException {
        JavaClasses classes = classes(variant);
        List<Violation> found = new ArrayList<>();
        found.addAll(FlowRulesTest.violations(SessionRule.SG002, JDBC, classes));
        found.addAll(FlowRulesTest.violations(SessionRule.SG003, JDBC, classes));

        Set<String> expected = new TreeSet<>(Fixtures.expected(PACKAGE, SessionRule.SG002));
        expected.addAll(Fixtures.expected(PACKAGE, SessionRule.SG003));
        if (!variant.equals("release17")) {
            expected.removeIf(e -> !e.contains("TryWithResourcesShapes.java"));
        }
        assertThat(expected).as("the fixtures must hold leaks to find").hasSizeGreaterThanOrEqualTo(2);
        assertThat(Fixtures.actual(found)).isEqualTo(expected);
    }
}
