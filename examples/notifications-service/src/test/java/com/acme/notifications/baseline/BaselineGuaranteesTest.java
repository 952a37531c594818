package com.acme.notifications.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The baseline's guarantees on the service's own build: its rule-test classes run in test JVMs of their own (as
 * surefire forks them) against copies of the committed baseline, whole or narrowed to the routes, several at once, on
 * a CRLF checkout, with a symlinked or read-only file, and after an upgrade that rewords a rule.
 */
class BaselineGuaranteesTest {
    private static final Path BASELINE = Path.of("session-guard-baseline").toAbsolutePath();
    private static final String FULL = "com.acme.notifications.SessionRulesTest";
    private static final String ROUTES = RoutesSessionRules.class.getName();
    /** Entries of code fixed since the freeze, one in the routes and one outside them. */
    private static final String FIXED_ROUTE = "SG001 com.acme.notifications.routes.HealthApi#gone calls"
            + " org.hibernate.SessionFactory.openSession() outside the db packages";
    private static final String FIXED_AGENT = "SG001 com.acme.notifications.agents.Jarvis#gone calls"
            + " org.hibernate.SessionFactory.openSession() outside the db packages";

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private record Started(Process process, Path log) {
        Run finish() throws Exception {
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private Path copy(String name) throws IOException {
        Path module = Files.createDirectories(dir.resolve(name));
        Path baseline = Files.createDirectories(module.resolve("session-guard-baseline"));
        try (Stream<Path> files = Files.list(BASELINE)) {
            for (Path f : files.toList()) {
                Files.copy(f, baseline.resolve(f.getFileName()));
            }
        }
        return module;
    }

    private Started start(Path module, String mode, String... classes) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Dbasedir=" + module, "-Dsessionguard.baseline.mode=" + mode,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", RuleTestRun.class.getName()));
        command.addAll(List.of(classes));
        Path log = module.resolve(mode + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // these are the guarantees of a developer's run: on CI (CI=true) the auto mode verifies and writes nothing
        builder.environment().remove("CI");
        return new Started(builder.start(), log);
    }

    private Run run(Path module, String mode, String... classes) throws Exception {
        return start(module, mode, classes).finish();
    }

    @Test
    void a_narrow_rule_test_class_removes_only_what_it_imported_and_keeps_the_other_areas() throws Exception {
        Path module = copy("narrow");
        Path sg001 = module.resolve("session-guard-baseline/SG001.txt");
        add(sg001, FIXED_ROUTE, FIXED_AGENT);
        Map<String, String> before = files(module.resolve("session-guard-baseline"));

        Run routes = run(module, "auto", ROUTES);
        assertThat(routes.exit()).as(routes.output()).isZero();
        assertThat(routes.output()).contains("session-guard: removed 1 entry fixed from session-guard-baseline/SG001.txt;"
                + " SG001: 1 of 20 fixed, 19 left");
        Map<String, String> after = files(module.resolve("session-guard-baseline"));
        assertThat(after.get("SG001.txt")).doesNotContain(FIXED_ROUTE).contains(FIXED_AGENT)
                .isEqualTo(before.get("SG001.txt").replace(FIXED_ROUTE + "\n", ""));
        assertThat(after).containsAllEntriesOf(Map.of("SG002.txt", before.get("SG002.txt"), "SG003.txt", before.get("SG003.txt"),
                "SG004.txt", before.get("SG004.txt")));
        assertThat(entries(after)).as("all 33 frozen entries of the service are still there").hasSize(33 + 1);

        Run full = run(module, "auto", FULL);
        assertThat(full.exit()).as(full.output()).isZero();
        assertThat(files(module.resolve("session-guard-baseline"))).isEqualTo(files(BASELINE).entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().replace("SG001; frozen 18;", "SG001; frozen 20;"))));
    }

    @Test
    void freezing_with_both_rule_test_classes_freezes_the_union_in_either_order() throws Exception {
        for (List<String> order : List.of(List.of(ROUTES, FULL), List.of(FULL, ROUTES))) {
            Path module = Files.createDirectories(dir.resolve("freeze-" + order.get(0).length()));
            Run frozen = run(module, "freeze", order.toArray(String[]::new));
            assertThat(frozen.exit()).as(frozen.output()).isZero();
            assertThat(files(module.resolve("session-guard-baseline"))).as(order.toString()).isEqualTo(files(BASELINE));
            assertThat(frozen.output()).contains("session-guard: froze 18 SG001 violations in session-guard-baseline/SG001.txt");
            assertThat(Files.readString(module.resolve("session-guard-baseline/.gitattributes"))).isEqualTo("*.txt text eol=lf\n");
        }
    }

    @Test
    void three_test_jvms_at_once_against_a_key_frozen_twice_give_the_sequential_result() throws Exception {
        Path module = copy("forks");
        Path sg002 = module.resolve("session-guard-baseline/SG002.txt");
        String twice = Files.readAllLines(sg002).get(1);
        add(sg002, twice);
        List<Started> forks = new ArrayList<>();
        for (String test : List.of(FULL, FULL, ROUTES)) {
            forks.add(start(module, "auto", test));
        }
        for (Started fork : forks) {
            Run r = fork.finish();
            assertThat(r.exit()).as(r.output()).isZero();
        }
        Map<String, String> after = files(module.resolve("session-guard-baseline"));
        assertThat(after.get("SG002.txt")).isEqualTo(files(BASELINE).get("SG002.txt").replace("frozen 9;", "frozen 10;"));
        assertThat(entries(after)).hasSize(33);
        try (Stream<Path> left = Files.list(module.resolve("session-guard-baseline"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void a_crlf_checkout_passes_and_what_is_rewritten_is_lf() throws Exception {
        Path module = copy("crlf");
        Path baseline = module.resolve("session-guard-baseline");
        add(baseline.resolve("SG001.txt"), FIXED_ROUTE);
        for (Map.Entry<String, String> f : files(baseline).entrySet()) {
            Files.writeString(baseline.resolve(f.getKey()), f.getValue().replace("\n", "\r\n"));
        }
        Run r = run(module, "auto", FULL);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readString(baseline.resolve("SG001.txt"))).doesNotContain("\r").doesNotContain(FIXED_ROUTE);
        assertThat(Files.readString(baseline.resolve("SG002.txt"))).as("nothing to write, nothing written").contains("\r\n");
    }

    @Test
    void an_upgrade_that_rewords_a_rule_fails_and_leaves_the_baseline_unchanged() throws Exception {
        Path module = copy("reworded");
        Path sg002 = module.resolve("session-guard-baseline/SG002.txt");
        String old = Files.readString(sg002).replace("is not closed when the method returns", "stays open when the method returns");
        Files.writeString(sg002, old);
        Run r = run(module, "auto", FULL);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("session-guard: SG002: baseline left unchanged because of");
        assertThat(Files.readString(sg002)).isEqualTo(old);
    }

    @Test
    void a_symlinked_rule_file_is_written_through_to_the_shared_target() throws Exception {
        Path module = copy("symlink");
        Path shared = Files.createDirectories(dir.resolve("shared")).resolve("SG001.txt");
        Path sg001 = module.resolve("session-guard-baseline/SG001.txt");
        Files.move(sg001, shared);
        Files.createSymbolicLink(sg001, shared);
        add(shared, FIXED_ROUTE);
        Run r = run(module, "auto", ROUTES);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(sg001).isSymbolicLink();
        assertThat(Files.readString(shared)).doesNotContain(FIXED_ROUTE).isEqualTo(Files.readString(BASELINE.resolve("SG001.txt"))
                .replace("frozen 18;", "frozen 19;"));
    }

    @Test
    void a_read_only_baseline_passes_when_nothing_is_fixed_and_is_a_one_line_error_naming_it_when_something_is() throws Exception {
        Path module = copy("read-only");
        Path baseline = module.resolve("session-guard-baseline");
        Map<String, String> before = files(baseline);
        try {
            readOnly(baseline, true);
            Run clean = run(module, "auto", FULL);
            assertThat(clean.exit()).as(clean.output()).isZero();

            readOnly(baseline, false);
            add(baseline.resolve("SG001.txt"), FIXED_ROUTE);
            before = files(baseline);
            readOnly(baseline, true);
            Run fixed = run(module, "auto", ROUTES);
            assertThat(fixed.exit()).isEqualTo(1);
            assertThat(fixed.output()).containsPattern("session-guard: " + java.util.regex.Pattern.quote(baseline.toString())
                    + ": cannot write the baseline \\([^\\n]*\\)\\n");
        } finally {
            readOnly(baseline, false);
        }
        assertThat(files(baseline)).isEqualTo(before);
    }

    /** Read-only for everyone, root included: an immutable folder where the tests run as root. */
    private static void readOnly(Path baseline, boolean on) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> list = Files.list(baseline)) {
            paths.addAll(list.toList());
        }
        paths.add(baseline);
        for (Path p : paths) {
            if (root) {
                Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", p.toString()).redirectErrorStream(true).start();
                assumeThat(chattr.waitFor()).as("chattr is needed to make a file read-only for root").isZero();
            } else {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? (on ? "r-xr-xr-x" : "rwxr-xr-x") : (on ? "r--r--r--" : "rw-r--r--")));
            }
        }
    }

    private static List<String> entries(Map<String, String> files) {
        return files.values().stream().flatMap(String::lines).filter(l -> !l.startsWith("#")).toList();
    }

    /** Every rule file's text, by name. */
    private static Map<String, String> files(Path baseline) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(baseline)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".txt")).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return files;
    }

    /** Adds entries to a rule file, keeping it sorted, and the header's count. */
    private static void add(Path file, String... entries) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> keys = new ArrayList<>(lines.subList(1, lines.size()));
        keys.addAll(List.of(entries));
        keys.sort(null);
        int frozen = keys.size();
        String header = lines.get(0).replaceFirst("; frozen \\d+;", "; frozen " + frozen + ";");
        Files.writeString(file, header + "\n" + String.join("\n", keys) + "\n");
    }
}
