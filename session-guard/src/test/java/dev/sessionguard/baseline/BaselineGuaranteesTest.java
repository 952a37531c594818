package dev.sessionguard.baseline;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;

import static dev.sessionguard.baseline.BaselineCode.alpha;
import static dev.sessionguard.baseline.BaselineCode.beta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the baseline guarantees a team: a run shrinks only what it could judge, a failing run writes nothing, progress
 * survives the last fix, ArchUnit's freeze keys never make the rules pass silently, and the files keep their line
 * ends, modes and links. Each case runs the frozen rules over real compiled code, one package or all of it.
 */
class BaselineGuaranteesTest {
    private static final String SG001_ALPHA_FIRST = rawCall("com.acme.a.Alpha#first");
    private static final String SG001_ALPHA_TWICE = rawCall("com.acme.a.Alpha#twice");
    private static final String SG001_BETA = rawCall("com.acme.b.Beta#only");

    private static String rawCall(String location) {
        return "SG001 " + location + " calls org.hibernate.SessionFactory.openSession() outside the db packages";
    }

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream systemErr;

    @BeforeEach
    void captureStandardError() {
        systemErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(systemErr);
        ArchConfiguration.get().reset();
    }

    private List<String> notes() {
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("session-guard: ")).toList();
    }

    private Path baseline() {
        return dir.resolve("baseline");
    }

    private Path sg001() {
        return baseline().resolve("SG001.txt");
    }

    private EvaluationResult evaluate(BaselineMode mode, JavaClasses classes) {
        SessionPolicy p = SessionPolicy.builder().sessionSources(BaselineCode.DB + "#getSession")
                .baseline(baseline().toString()).baselineMode(mode).build();
        return SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(p), new BaselineStore(() -> p, () -> null)).evaluate(classes);
    }

    private Path code(String name, String alpha, String beta) {
        return BaselineCode.compile(dir.resolve(name), alpha, beta);
    }

    private List<String> keys() {
        return BaselineFile.read(sg001(), "SG001").keys();
    }

    @Test
    void a_narrow_import_removes_only_fixed_entries_of_the_classes_it_imported() {
        Path legacy = code("legacy", alpha(2, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        List<String> frozen = keys();
        assertThat(frozen).contains(SG001_ALPHA_FIRST, SG001_BETA);

        // a test class importing only com.acme.b, with Alpha#first fixed meanwhile: Alpha is not judged at all
        Path fixed = code("fixed", alpha(2, true), beta(false));
        assertThat(evaluate(BaselineMode.AUTO, BaselineCode.importFrom(fixed, "com/acme/b")).hasViolation()).isFalse();
        assertThat(keys()).isEqualTo(frozen);

        // the one importing com.acme.a judges Alpha and removes its fixed entry, and only that one
        assertThat(evaluate(BaselineMode.AUTO, BaselineCode.importFrom(fixed, "com/acme/a")).hasViolation()).isFalse();
        List<String> expected = new java.util.ArrayList<>(frozen);
        expected.remove(SG001_ALPHA_FIRST);
        assertThat(keys()).isEqualTo(expected);
        assertThat(BaselineFile.read(sg001(), "SG001").frozen()).isEqualTo(frozen.size());
    }

    @Test
    void freezing_with_several_test_classes_freezes_the_union_whatever_the_order() throws IOException {
        Path legacy = code("legacy", alpha(2, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        byte[] whole = Files.readAllBytes(sg001());
        Files.delete(sg001());

        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/a"));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/b"));
        assertThat(Files.readAllBytes(sg001())).isEqualTo(whole);
        Files.delete(sg001());

        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/b"));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/a"));
        assertThat(Files.readAllBytes(sg001())).isEqualTo(whole);

        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/a"));
        assertThat(Files.readAllBytes(sg001())).as("refreezing one area keeps the other").isEqualTo(whole);
        assertThat(notes()).contains("session-guard: froze 1 SG001 violations in " + sg001() + "; kept " + (keys().size() - 1)
                + " entries of classes this run did not import");
    }

    @Test
    void a_key_frozen_twice_loses_one_occurrence_when_one_is_fixed_however_often_the_run_repeats() {
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(code("twice", alpha(2, false), beta(false))));
        assertThat(keys()).filteredOn(SG001_ALPHA_TWICE::equals).hasSize(2);

        JavaClasses once = BaselineCode.importFrom(code("once", alpha(1, false), beta(false)));
        for (int run = 0; run < 3; run++) {
            assertThat(evaluate(BaselineMode.AUTO, once).hasViolation()).isFalse();
            assertThat(keys()).filteredOn(SG001_ALPHA_TWICE::equals).hasSize(1);
        }
        JavaClasses twice = BaselineCode.importFrom(code("twice-again", alpha(2, false), beta(false)));
        assertThat(evaluate(BaselineMode.AUTO, twice).getFailureReport().getDetails())
                .contains("session-guard: SG001: baseline left unchanged because of 1 new violation");
    }

    @Test
    void a_failing_run_writes_nothing_even_where_entries_are_fixed() throws IOException {
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(code("legacy", alpha(2, false), beta(false))));
        // an upgrade that rewords the rule: every entry is fixed and every violation new
        String old = Files.readString(sg001()).replace(" outside the db packages", " outside the database packages");
        Files.writeString(sg001(), old);

        EvaluationResult result = evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("same", alpha(2, false), beta(false))));
        int fresh = SessionRules.violations(result).size();
        assertThat(result.getFailureReport().getDetails())
                .contains("session-guard: SG001: baseline left unchanged because of " + fresh + " new violations");
        assertThat(Files.readString(sg001())).isEqualTo(old);
        assertThat(notes()).noneMatch(l -> l.contains("removed"));
    }

    @Test
    void the_last_fix_leaves_a_header_with_the_count_and_progress_reads_n_of_n() throws IOException {
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(code("legacy", alpha(1, false), beta(false)), "com/acme/b"));
        assertThat(keys()).containsExactly(SG001_BETA);

        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true)), "com/acme/b"));
        assertThat(Files.readString(sg001())).isEqualTo("# session-guard baseline SG001; frozen 1; "
                + dev.sessionguard.rules.SessionRule.SG001.description() + "\n");
        assertThat(SessionBaseline.progress(SessionBaseline.read(baseline()).get("SG001"))).isEqualTo("SG001: 1 of 1 fixed, 0 left");
        assertThat(notes()).contains("session-guard: removed 1 entry fixed from " + sg001() + "; SG001: 1 of 1 fixed, 0 left");
    }

    @Test
    void what_was_written_reaches_standard_error_one_line_per_rule_without_an_slf4j_provider() {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        int frozen = keys().size();
        evaluate(BaselineMode.VERIFY, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true)), "com/acme/b"));
        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed2", alpha(1, false), beta(true)), "com/acme/b"));
        assertThat(org.slf4j.LoggerFactory.getILoggerFactory()).isInstanceOf(org.slf4j.helpers.NOPLoggerFactory.class);
        assertThat(notes()).containsExactly(
                "session-guard: froze " + frozen + " SG001 violations in " + sg001(),
                "session-guard: 1 entry fixed, can be removed from " + sg001() + " (run the tests locally, or freeze)",
                "session-guard: removed 1 entry fixed from " + sg001() + "; SG001: 1 of " + frozen + " fixed, " + (frozen - 1) + " left");
    }

    @Test
    void archunits_refreeze_is_the_freeze_mode_and_the_other_switches_map_or_fail_naming_the_key() {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy, "com/acme/b"));
        ArchConfiguration.get().setProperty("freeze.refreeze", "true");
        assertThat(evaluate(BaselineMode.AUTO, BaselineCode.importFrom(legacy)).hasViolation()).isFalse();
        assertThat(keys()).contains(SG001_ALPHA_FIRST, SG001_BETA);
        assertThat(notes()).last().asString().startsWith("session-guard: froze ");
        assertThatThrownBy(() -> evaluate(BaselineMode.VERIFY, BaselineCode.importFrom(legacy)))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageStartingWith("session-guard: freeze.refreeze=true: contradicts sessionguard.baseline.mode=verify: use"
                        + " sessionguard.baseline.mode=freeze");
        ArchConfiguration.get().reset();

        ArchConfiguration.get().setProperty("freeze.store.default.allowStoreCreation", "true");
        assertThatThrownBy(() -> evaluate(BaselineMode.AUTO, BaselineCode.importFrom(legacy)))
                .isInstanceOf(SessionGuardConfigurationException.class).hasMessageNotContaining("\n")
                .hasMessageStartingWith("session-guard: freeze.store.default.allowStoreCreation=true: session-guard creates a"
                        + " baseline only on request: use sessionguard.baseline.mode=freeze");
        ArchConfiguration.get().reset();

        ArchConfiguration.get().setProperty("freeze.store.default.allowStoreUpdate", "false");
        BaselineFile before = BaselineFile.read(sg001(), "SG001");
        assertThat(evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, true), beta(true)))).hasViolation()).isFalse();
        assertThat(BaselineFile.read(sg001(), "SG001")).as("allowStoreUpdate=false is verify").isEqualTo(before);

        Properties p = new Properties();
        assertThat(BaselineStore.withArchUnitKeys(BaselineMode.AUTO, BaselineMode.AUTO, p)).isEqualTo(BaselineMode.AUTO);
        p.setProperty("store.default.allowStoreCreation", "false");
        p.setProperty("store.default.allowStoreUpdate", "true");
        p.setProperty("refreeze", "false");
        assertThat(BaselineStore.withArchUnitKeys(BaselineMode.AUTO, BaselineMode.VERIFY, p)).isEqualTo(BaselineMode.VERIFY);
        p.setProperty("store.default.allowStoreUpdate", "false");
        assertThatThrownBy(() -> BaselineStore.withArchUnitKeys(BaselineMode.FREEZE, BaselineMode.FREEZE, p))
                .hasMessageStartingWith("session-guard: freeze.store.default.allowStoreUpdate=false: contradicts"
                        + " sessionguard.baseline.mode=freeze: use sessionguard.baseline.mode=verify");
        p.setProperty("refreeze", "true");
        assertThatThrownBy(() -> BaselineStore.withArchUnitKeys(BaselineMode.AUTO, BaselineMode.AUTO, p))
                .hasMessageStartingWith("session-guard: freeze.refreeze=true: contradicts freeze.store.default.allowStoreUpdate=false");
    }

    @Test
    void a_crlf_checkout_passes_is_written_back_lf_and_freezing_pins_lf_in_gitattributes() throws IOException {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        assertThat(Files.readString(baseline().resolve(".gitattributes"))).isEqualTo("*.txt text eol=lf\n");
        Files.writeString(sg001(), Files.readString(sg001()).replace("\n", "\r\n"));

        assertThat(evaluate(BaselineMode.AUTO, BaselineCode.importFrom(legacy)).hasViolation()).isFalse();
        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true))));
        assertThat(Files.readString(sg001())).doesNotContain("\r").doesNotContain(SG001_BETA);

        Files.writeString(baseline().resolve(".gitattributes"), "# ours\n*.md text");
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        assertThat(Files.readString(baseline().resolve(".gitattributes"))).isEqualTo("# ours\n*.md text\n*.txt text eol=lf\n");
        Files.writeString(baseline().resolve(".gitattributes"), "* text=auto eol=lf\n");
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        assertThat(Files.readString(baseline().resolve(".gitattributes"))).isEqualTo("* text=auto eol=lf\n");
    }

    @Test
    void a_rewrite_keeps_the_files_mode_and_new_files_get_the_umasks() throws IOException {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        Path probe = Files.createFile(baseline().resolve("probe"));
        assertThat(Files.getPosixFilePermissions(sg001())).isEqualTo(Files.getPosixFilePermissions(probe));

        Files.setPosixFilePermissions(sg001(), PosixFilePermissions.fromString("rw-rw-r--"));
        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true))));
        assertThat(keys()).doesNotContain(SG001_BETA);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sg001()))).isEqualTo("rw-rw-r--");
    }

    @Test
    void a_symlinked_file_is_written_through_to_its_target_and_a_broken_link_is_an_error_naming_it() throws IOException {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        Path shared = Files.createDirectories(dir.resolve("shared")).resolve("SG001.txt");
        Files.move(sg001(), shared);
        Files.createSymbolicLink(sg001(), shared);

        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true))));
        assertThat(sg001()).isSymbolicLink();
        assertThat(Files.readString(shared)).doesNotContain(SG001_BETA).contains(SG001_ALPHA_FIRST);
        try (var left = Files.list(shared.getParent())) {
            assertThat(left).containsExactly(shared);
        }

        Files.delete(shared);
        assertThatThrownBy(() -> evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy)))
                .isInstanceOf(BaselineException.class).hasMessageNotContaining("\n")
                .hasMessageStartingWith("session-guard: " + sg001() + ": a symbolic link whose target cannot be resolved");
    }

    @Test
    void temporary_files_a_killed_write_left_are_removed_by_the_next_write() throws IOException {
        Path legacy = code("legacy", alpha(1, false), beta(false));
        evaluate(BaselineMode.FREEZE, BaselineCode.importFrom(legacy));
        Files.writeString(baseline().resolve("SG001.8213409911.tmp"), "half a file");
        Files.writeString(baseline().resolve(".gitattributes.42.tmp"), "*.txt");
        Files.writeString(baseline().resolve("notes.tmp"), "not ours");

        evaluate(BaselineMode.AUTO, BaselineCode.importFrom(code("fixed", alpha(1, false), beta(true))));
        try (var left = Files.list(baseline())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("SG001.txt", ".gitattributes", BaselineStore.LOCK_FILE, "notes.tmp");
        }
    }

    @Test
    void a_method_the_analysis_could_not_read_is_not_judged() {
        JavaClasses classes = BaselineCode.importFrom(code("legacy", alpha(1, false), beta(false)), "com/acme/a");
        BaselineScope scope = BaselineScope.during(classes, () -> {
            BaselineScope.notAnalysed("com.acme.a.Alpha", "twice");
            return null;
        }).scope();
        assertThat(scope.judges("SG002 com.acme.a.Alpha#first opens a session")).isTrue();
        assertThat(scope.judges("SG002 com.acme.a.Alpha#twice opens a session")).isFalse();
        assertThat(scope.judges("SG002 com.acme.b.Beta#only opens a session")).isFalse();
        assertThat(BaselineScope.during(classes, () -> {
            BaselineScope.notAnalysed("com.acme.a.Alpha", "<class>");
            return null;
        }).scope().judges("SG002 com.acme.a.Alpha#first opens a session")).isFalse();
        assertThat(scope.judges("Method <com.acme.a.Alpha.first()> calls method <org.hibernate.SessionFactory.openSession()>")).isTrue();
        assertThat(scope.judges("Method <com.acme.b.Beta.only()> calls method <org.hibernate.SessionFactory.openSession()>")).isFalse();
        BaselineScope.notAnalysed("com.acme.a.Alpha", "first");
        assertThat(scope.judges("SG002 com.acme.a.Alpha#first opens a session")).as("only during the evaluation").isTrue();
    }
}
