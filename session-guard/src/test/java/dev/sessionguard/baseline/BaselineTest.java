package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;
import dev.sessionguard.testing.Compiler;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineTest {
    private static final String HIBERNATE = "dev.sessionguard.fixtures.sg001.hibernate";
    private static final JavaClasses ROUTES = Fixtures.importPackage(HIBERNATE + ".routes");
    private static final JavaClasses ROUTES_AND_TASKS = new ClassFileImporter()
            .importPackages(HIBERNATE + ".routes", HIBERNATE + ".tasks");

    @TempDir
    Path dir;

    private SessionPolicy policy(BaselineMode mode) {
        return SessionPolicy.builder().sessionSources(HIBERNATE + ".db.HibernateDb#getSession")
                .baseline(dir.resolve("baseline").toString()).baselineMode(mode).build();
    }

    private EvaluationResult evaluate(BaselineMode mode, JavaClasses classes) {
        SessionPolicy p = policy(mode);
        return SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(p), notOnCi(p)).evaluate(classes);
    }

    /** The tests say the mode themselves: CI=true of the machine that runs them must not turn auto into verify. */
    private static BaselineStore notOnCi(SessionPolicy p) {
        return new BaselineStore(() -> p, () -> null);
    }

    private Path sg001() {
        return dir.resolve("baseline/SG001.txt");
    }

    @Test
    void freezing_writes_one_sorted_file_per_rule_with_the_count_frozen() throws IOException {
        EvaluationResult frozen = evaluate(BaselineMode.FREEZE, ROUTES);

        assertThat(frozen.hasViolation()).isFalse();
        List<String> lines = Files.readAllLines(sg001());
        int count = SessionRules.violations(SessionRules.rawFactoryOutsideDb(policy(BaselineMode.AUTO)).evaluate(ROUTES)).size();
        assertThat(lines.get(0)).isEqualTo("# session-guard baseline SG001; frozen " + count + "; SG001 raw-factory-outside-db:"
                + " no classes outside the db packages should use raw session factories");
        assertThat(lines.subList(1, lines.size())).hasSize(count).isSorted()
                .allSatisfy(l -> assertThat(l).startsWith("SG001 " + HIBERNATE + ".routes.").doesNotContain(".java:", "fix:"));
        assertThat(Files.readString(sg001())).doesNotContain("\r").endsWith("\n");
        assertThat(dir.resolve("baseline")).isDirectoryNotContaining("glob:**/SG00[234].txt");
    }

    @Test
    void without_a_baseline_every_violation_is_new_and_nothing_is_written() {
        EvaluationResult result = evaluate(BaselineMode.AUTO, ROUTES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(dir.resolve("baseline")).doesNotExist();
    }

    @Test
    void a_new_violation_fails_with_its_full_message_and_only_the_new_ones_are_listed() throws IOException {
        evaluate(BaselineMode.FREEZE, ROUTES);
        byte[] frozen = Files.readAllBytes(sg001());

        EvaluationResult result = evaluate(BaselineMode.AUTO, ROUTES_AND_TASKS);
        List<String> details = result.getFailureReport().getDetails();
        int fresh = SessionRules.violations(result).size();
        assertThat(details.subList(0, fresh)).isNotEmpty()
                .allSatisfy(d -> assertThat(d).contains(".tasks.MonitorSignals").contains("; fix: "));
        assertThat(details).last().isEqualTo("session-guard: SG001: baseline left unchanged because of " + fresh + " new violations");
        assertThat(SessionRules.violations(result)).extracting(Violation::className).allMatch(c -> c.contains(".tasks."));
        assertThat(details).anySatisfy(d -> assertThat(d).contains("(MonitorSignals.java:"));
        assertThat(Files.readAllBytes(sg001())).isEqualTo(frozen);
    }

    @Test
    void fixed_violations_leave_the_baseline_locally_down_to_a_header_that_keeps_the_count() throws IOException {
        evaluate(BaselineMode.FREEZE, compiled("v1", V1));
        long total = Files.readAllLines(sg001()).size() - 1;

        assertThat(evaluate(BaselineMode.AUTO, compiled("fixed-second", V1_SECOND_FIXED)).hasViolation()).isFalse();
        List<String> left = Files.readAllLines(sg001());
        assertThat(left.subList(1, left.size())).hasSizeLessThan((int) total).noneMatch(l -> l.contains("Route#second"));
        assertThat(left.get(0)).startsWith("# session-guard baseline SG001; frozen " + total + "; ");
        BaselineFile file = SessionBaseline.read(dir.resolve("baseline")).get("SG001");
        assertThat(SessionBaseline.progress(file)).isEqualTo("SG001: " + (total - file.keys().size()) + " of " + total
                + " fixed, " + file.keys().size() + " left");

        assertThat(evaluate(BaselineMode.AUTO, compiled("clean", CLEAN_ROUTE)).hasViolation()).isFalse();
        assertThat(Files.readAllLines(sg001())).singleElement().asString().startsWith("# session-guard baseline SG001; frozen " + total + "; ");
        assertThat(SessionBaseline.progress(SessionBaseline.read(dir.resolve("baseline")).get("SG001")))
                .isEqualTo("SG001: " + total + " of " + total + " fixed, 0 left");
        assertThat(evaluate(BaselineMode.AUTO, compiled("clean-again", CLEAN_ROUTE)).hasViolation()).isFalse();
        assertThat(sg001()).exists();
    }

    @Test
    void on_ci_nothing_is_written_and_fixed_entries_are_reported_as_removable() throws IOException {
        evaluate(BaselineMode.FREEZE, ROUTES_AND_TASKS);
        byte[] before = Files.readAllBytes(sg001());
        SessionPolicy p = policy(BaselineMode.VERIFY);
        BaselineStore store = notOnCi(p);
        ArchRule rule = SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(p), store);

        assertThat(rule.evaluate(ROUTES).hasViolation()).isFalse();
        assertThat(store.removable()).as("the tasks were not imported: nothing of theirs is judged fixed").isEmpty();
        assertThat(rule.evaluate(Fixtures.importPackage(HIBERNATE + ".clean")).hasViolation()).isFalse();
        assertThat(store.removable()).isEmpty();
        assertThat(rule.evaluate(tasksFixed()).hasViolation()).isFalse();
        assertThat(Files.readAllBytes(sg001())).isEqualTo(before);
        assertThat(store.removable()).isNotEmpty().allSatisfy(k -> assertThat(k).contains(".tasks.MonitorSignals"));
        assertThat(BaselineStore.effectiveMode(BaselineMode.AUTO, "true")).isEqualTo(BaselineMode.VERIFY);
        assertThat(BaselineStore.effectiveMode(BaselineMode.FREEZE, "true")).isEqualTo(BaselineMode.FREEZE);
        assertThat(BaselineStore.effectiveMode(BaselineMode.AUTO, null)).isEqualTo(BaselineMode.AUTO);
        assertThat(BaselineStore.effectiveMode(BaselineMode.AUTO, "1")).isEqualTo(BaselineMode.VERIFY);
        assertThat(BaselineStore.effectiveMode(BaselineMode.AUTO, "TRUE")).isEqualTo(BaselineMode.VERIFY);
        assertThat(BaselineStore.effectiveMode(BaselineMode.AUTO, "false")).isEqualTo(BaselineMode.AUTO);
        assertThat(store.mode()).isEqualTo(BaselineMode.VERIFY);
        assertThat(store.folder()).isEqualTo(sg001().getParent());
    }

    private static final String V1 = """
            package com.acme.moving;

            import org.hibernate.Session;
            import org.hibernate.SessionFactory;

            public class Route {
                private SessionFactory factory;

                public Runnable first() {
                    return () -> factory.openSession().close();
                }

                public void second() {
                    Session s = factory.openSession();
                    s.close();
                }
            }
            """;

    /** The same code moved: an import and blank lines added, methods reordered, a lambda and an anonymous class first. */
    private static final String V2 = """
            package com.acme.moving;

            import java.util.function.Supplier;
            import org.hibernate.Session;
            import org.hibernate.SessionFactory;

            public class Route {


                private SessionFactory factory;

                public Supplier<String> added() {
                    Runnable r = new Runnable() { public void run() { } };
                    return () -> "a lambda before the others";
                }

                public void second() {

                    Session s = factory.openSession();
                    s.close();
                }

                public Runnable first() {
                    return () -> factory.openSession().close();
                }
            }
            """;

    /** V1 with {@code second} taking no raw session any more. */
    private static final String V1_SECOND_FIXED = V1.replace("""
                    Session s = factory.openSession();
                    s.close();
            """, "");

    private static final String CLEAN_ROUTE = """
            package com.acme.moving;

            public class Route {
                public void first() {
                    try (var s = dev.sessionguard.fixtures.sg001.hibernate.db.HibernateDb.getSession()) {
                        s.clear();
                    }
                }
            }
            """;

    /** The tasks package with MonitorSignals taking its sessions through the managed door. */
    private JavaClasses tasksFixed() {
        Path classes = Compiler.compile(dir.resolve("tasks-fixed"), Map.of(HIBERNATE.replace('.', '/') + "/tasks/MonitorSignals.java",
                "package " + HIBERNATE + ".tasks;\n public class MonitorSignals { void check() { try (org.hibernate.Session s = "
                        + HIBERNATE + ".db.HibernateDb.getSession()) { } } }"));
        return new ClassFileImporter().importLocations(List.of(Location.of(classes)));
    }

    private JavaClasses compiled(String name, String source) {
        Path classes = Compiler.compile(dir.resolve(name), Map.of("com/acme/moving/Route.java", source));
        return new ClassFileImporter().importLocations(List.of(Location.of(classes)));
    }

    @Test
    void moved_code_still_matches_and_a_renamed_method_is_fixed_plus_new() throws IOException {
        evaluate(BaselineMode.FREEZE, compiled("v1", V1));
        String frozen = Files.readString(sg001());

        assertThat(evaluate(BaselineMode.AUTO, compiled("v2", V2)).hasViolation()).isFalse();
        assertThat(Files.readString(sg001())).isEqualTo(frozen);

        EvaluationResult renamed = evaluate(BaselineMode.AUTO, compiled("v3", V1.replace("second()", "renamed()")));
        assertThat(SessionRules.violations(renamed)).extracting(Violation::member).containsOnly("renamed");
        assertThat(renamed.getFailureReport().getDetails()).contains("session-guard: SG001: baseline left unchanged because of 1 new violation");
        assertThat(Files.readString(sg001())).as("a failing run writes nothing").isEqualTo(frozen);
    }

    @Test
    void damaged_files_are_errors_naming_file_and_line_and_are_left_untouched() throws IOException {
        evaluate(BaselineMode.FREEZE, ROUTES);
        String good = Files.readString(sg001());
        String[] lines = good.split("\n");

        String conflict = lines[0] + "\n<<<<<<< HEAD\n" + lines[1] + "\n=======\n" + lines[2] + "\n>>>>>>> branch\n";
        assertDamaged(conflict.getBytes(StandardCharsets.UTF_8), ":2: merge conflict marker <<<<<<<");

        String broken = lines[0] + "\n" + lines[1] + "\nthis line is not a violation\n";
        assertDamaged(broken.getBytes(StandardCharsets.UTF_8), ":3: not a violation of SG001: this line is not a violation");

        byte[] latin1 = (lines[0] + "\n" + lines[1] + "\nSG001 caf\u00e9#x y\n").getBytes(StandardCharsets.ISO_8859_1);
        assertDamaged(latin1, ":3: not UTF-8");

        String unsorted = lines[0] + "\n" + lines[2] + "\n" + lines[1] + "\n";
        assertDamaged(unsorted.getBytes(StandardCharsets.UTF_8), ":3: lines are not sorted");

        assertDamaged("SG001 x#y z\n".getBytes(StandardCharsets.UTF_8), ":1: not a session-guard baseline header");
    }

    private void assertDamaged(byte[] content, String expected) throws IOException {
        Files.write(sg001(), content);
        assertThatThrownBy(() -> evaluate(BaselineMode.AUTO, ROUTES_AND_TASKS))
                .isInstanceOf(BaselineException.class)
                .hasMessageStartingWith("session-guard: " + sg001() + expected);
        assertThat(Files.readAllBytes(sg001())).isEqualTo(content);
    }

    @Test
    void a_baseline_path_that_is_not_a_folder_is_an_error_naming_it() throws IOException {
        Files.writeString(dir.resolve("baseline"), "a file where the folder should be");
        for (BaselineMode mode : BaselineMode.values()) {
            assertThatThrownBy(() -> evaluate(mode, ROUTES))
                    .isInstanceOf(BaselineException.class)
                    .hasMessage("session-guard: " + dir.resolve("baseline") + ": the baseline path is not a folder (sessionguard.baseline)");
        }
        assertThatThrownBy(() -> SessionBaseline.read(dir.resolve("baseline"))).hasMessageContaining("is not a folder");
    }

    @Test
    void any_arch_rule_can_be_frozen_under_a_file_named_after_its_description() {
        ArchRule plain = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .should().accessClassesThat().haveFullyQualifiedName("org.hibernate.SessionFactory")
                .as("Routes must not touch the SessionFactory");
        SessionPolicy p = policy(BaselineMode.FREEZE);
        SessionBaseline.freeze(plain, notOnCi(p)).evaluate(ROUTES);
        assertThat(dir.resolve("baseline/routes-must-not-touch-the-sessionfactory.txt")).exists();
        SessionPolicy auto = policy(BaselineMode.AUTO);
        assertThat(SessionBaseline.freeze(plain, notOnCi(auto)).evaluate(ROUTES).hasViolation()).isFalse();
    }

    @Test
    void the_rule_set_freezes_on_request_through_system_properties() throws IOException {
        System.setProperty("sessionguard.baseline", dir.resolve("baseline").toString());
        System.setProperty("sessionguard.baseline.mode", "freeze");
        System.setProperty("sessionguard.sessionSources", HIBERNATE + ".db.HibernateDb#getSession");
        try {
            ArchRule rule = dev.sessionguard.rules.SessionGuard.NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES;
            assertThat(rule.evaluate(ROUTES).hasViolation()).isFalse();
            assertThat(Files.readAllLines(sg001())).hasSizeGreaterThan(5);
        } finally {
            System.clearProperty("sessionguard.baseline");
            System.clearProperty("sessionguard.baseline.mode");
            System.clearProperty("sessionguard.sessionSources");
        }
    }
}
