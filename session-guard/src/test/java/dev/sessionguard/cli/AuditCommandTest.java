package dev.sessionguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCommandTest {
    private static final Path FIXTURES = Paths.get("target/test-classes/dev/sessionguard/fixtures/sg001");

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void violations_exit_1_with_the_table(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.txt");
        CliRun r = run("audit", "--preset", "jpa", "--output", report.toString(), FIXTURES.resolve("jpa").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(Files.readString(report))
                .contains("SG001  raw-factory-outside-db                 2")
                .contains("dev/sessionguard/fixtures/sg001/jpa/routes/MemoryRoute.java (2)")
                .contains("  10: SG001 remember gets jakarta.persistence.EntityManagerFactory from"
                        + " jakarta.persistence.Persistence.createEntityManagerFactory() outside the db packages");
    }

    @Test
    void clean_code_exits_0() {
        CliRun r = run("audit", "--preset", "hibernate", FIXTURES.resolve("hibernate/clean").toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void bad_input_exits_2_with_one_line_naming_the_culprit(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path jar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        String jpa = FIXTURES.resolve("jpa").toString();

        assertThat(run("audit", dir.resolve("missing").toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("session-guard: " + dir.resolve("missing") + ": no such file or folder\n");
        });
        assertThat(run("audit", text.toString()).err())
                .isEqualTo("session-guard: " + text + ": neither a class file, a jar, nor a folder\n");
        assertThat(run("audit", jar.toString()).err()).startsWith("session-guard: " + jar + ": not a readable jar");
        assertThat(run("audit", "--frobnicate", jpa)).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("session-guard: Unknown option: '--frobnicate'");
        });
        assertThat(run("audit", "--preset", "toplink", jpa).err())
                .isEqualTo("session-guard: --preset=toplink: unknown preset (known: hibernate, jpa, jdbc, mybatis, spring, hibernate-reactive, r2dbc, vertx-sql)\n");
        assertThat(run("audit", "--session-source", "com.acme.Db#getSesion", jpa)).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("session-guard: sessionguard.sessionSources=com.acme.Db#getSesion: no type com.acme.Db");
        });
        assertThat(run().exit()).isEqualTo(2);
    }

    @Test
    void a_maven_module_is_audited_through_its_target_classes_with_its_test_configuration(@TempDir Path module) throws IOException {
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        assertThat(run("audit", module.toString()).err())
                .isEqualTo("session-guard: " + module + ": a Maven module without target/classes (build it first: mvn compile)\n");

        Path classes = Files.createDirectories(module.resolve("target/classes/dev/sessionguard/fixtures/sg001/jpa/routes"));
        Path compiled = FIXTURES.resolve("jpa/routes/MemoryRoute.class");
        Files.copy(compiled, classes.resolve("MemoryRoute.class"));
        Path config = Files.createDirectories(module.resolve("src/test/resources")).resolve("session-guard.properties");
        Files.writeString(config, "sessionguard.presets=jpa\nsessionguard.dbPackages=..routes..\n");

        CliRun r = run("audit", module.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("configuration from " + config);
    }

    /** Never a silent pass: a class file that cannot be read, an input with nothing in it, a FIFO. */
    @Test
    void unreadable_empty_and_non_regular_inputs_are_named_never_skipped_silently(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/dev/sessionguard/fixtures/sg001/jpa/routes"));
        Files.copy(FIXTURES.resolve("jpa/routes/MemoryRoute.class"), classes.resolve("MemoryRoute.class"));
        byte[] good = Files.readAllBytes(FIXTURES.resolve("jpa/routes/MemoryRoute.class"));
        Path truncated = Files.write(classes.resolve("Truncated.class"), java.util.Arrays.copyOf(good, good.length / 2));
        Path text = Files.writeString(classes.resolve("Notes.class"), "hello");
        String folder = dir.resolve("classes").toString();

        CliRun refused = run("audit", "--preset", "jpa", folder);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().lines()).singleElement().asString()
                .matches("session-guard: " + java.util.regex.Pattern.quote(dir.toString()) + "/classes/.*/(Truncated|Notes)\\.class: "
                        + "(a truncated or damaged class file|not a class file) \\(.*\\), not analysed \\(and 1 more\\);"
                        + " --skip-unreadable audits the rest and lists them as warnings");

        for (String format : new String[] {"text", "markdown", "json", "sarif", "html"}) {
            CliRun skipped = run("audit", "--preset", "jpa", "--skip-unreadable", "--format", format, folder);
            assertThat(skipped.exit()).as(format + skipped.err()).isEqualTo(1);
            assertThat(skipped.out()).as(format).contains("MemoryRoute", truncated.getFileName().toString(),
                    text.getFileName().toString(), "not a class file", "a truncated or damaged class file");
        }

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("audit", empty.toString()).err())
                .isEqualTo("session-guard: " + empty + ": no class files in it (nothing to audit; not built yet?)\n");
        Path emptyJar = dir.resolve("empty.jar");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(emptyJar))) {
            jar.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            jar.write("no classes".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(run("audit", emptyJar.toString()).err())
                .isEqualTo("session-guard: " + emptyJar + ": no class files in it (nothing to audit; not built yet?)\n");

        Path fifo = dir.resolve("pipe.jar");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CliRun pipe = run("audit", fifo.toString());
        assertThat(pipe.exit()).isEqualTo(2);
        assertThat(pipe.err()).isEqualTo("session-guard: " + fifo + ": not a regular file (a FIFO, a device or a socket)\n");
    }

    @Test
    void every_format_goes_to_the_output_file(@TempDir Path dir) throws IOException {
        String jpa = FIXTURES.resolve("jpa").toString();
        for (String format : new String[] {"text", "markdown", "json", "sarif", "html"}) {
            Path out = dir.resolve("report." + format);
            CliRun r = run("audit", "--preset", "jpa", "--format", format, "--output", out.toString(), jpa);
            assertThat(r.exit()).as(format + r.err()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(Files.readString(out)).as(format).contains("MemoryRoute");
        }
        assertThat(run("audit", "--format", "pdf", jpa).err()).startsWith("session-guard: Invalid value for option '--format'");
        assertThat(run("audit", "--preset", "jpa", "--output", dir.resolve("no/such/dir/r.txt").toString(), jpa).err())
                .startsWith("session-guard: --output " + dir.resolve("no/such/dir/r.txt") + ": no such folder");
    }

    @Test
    void baseline_write_freezes_and_the_audit_then_passes_until_something_new_appears(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("baseline");
        String routes = FIXTURES.resolve("hibernate/routes").toString();
        String tasks = FIXTURES.resolve("hibernate/tasks").toString();

        assertThat(run("baseline", "--preset", "hibernate", "--baseline", baseline.toString(), routes).exit()).isEqualTo(1);
        CliRun write = run("baseline", "--write", "--preset", "hibernate", "--baseline", baseline.toString(), routes);
        assertThat(write.exit()).isZero();
        assertThat(write.out()).contains("baseline written to " + baseline).contains("SG001: ");
        assertThat(baseline.resolve("SG001.txt")).exists();

        CliRun frozen = run("audit", "--preset", "hibernate", "--baseline", baseline.toString(), routes);
        assertThat(frozen.exit()).as(frozen.err()).isZero();
        assertThat(frozen.out()).contains("nothing new").contains("[frozen]");

        CliRun fresh = run("audit", "--preset", "hibernate", "--baseline", baseline.toString(), routes, tasks);
        assertThat(fresh.exit()).isEqualTo(1);
        assertThat(fresh.out()).contains("[NEW]").contains("MonitorSignals");

        Files.writeString(baseline.resolve("SG001.txt"), "<<<<<<< HEAD\n");
        CliRun broken = run("audit", "--preset", "hibernate", "--baseline", baseline.toString(), routes);
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).isEqualTo("session-guard: " + baseline.resolve("SG001.txt") + ":1: merge conflict marker <<<<<<<"
                + " (resolve the conflict, or re-create the file with -Dsessionguard.baseline.mode=freeze)\n");
    }

    @Test
    void progress_reads_the_same_in_the_baseline_command_and_every_report_down_to_n_of_n_fixed(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("baseline");
        String routes = FIXTURES.resolve("hibernate/routes").toString();
        String tasks = FIXTURES.resolve("hibernate/tasks").toString();
        String clean = FIXTURES.resolve("hibernate/clean").toString();
        assertThat(run("baseline", "--write", "--preset", "hibernate", "--baseline", baseline.toString(), routes, tasks).exit()).isZero();
        int frozen = dev.sessionguard.baseline.BaselineFile.read(baseline.resolve("SG001.txt"), "SG001").frozen();
        int tasksFrozen = frozen - dev.sessionguard.baseline.SessionBaseline.read(baseline).get("SG001").keys().stream()
                .filter(k -> !k.contains(".tasks.")).toList().size();

        CliRun part = run("baseline", "--preset", "hibernate", "--baseline", baseline.toString(), routes);
        assertThat(part.out()).contains("  SG001: " + tasksFrozen + " of " + frozen + " fixed, " + (frozen - tasksFrozen) + " left, 0 new, "
                + tasksFrozen + " can be removed from the baseline");

        CliRun write = run("baseline", "--write", "--preset", "hibernate", "--baseline", baseline.toString(), clean);
        String done = "SG001: " + frozen + " of " + frozen + " fixed, 0 left";
        assertThat(write.out()).contains("  " + done + "\n");
        assertThat(Files.readString(baseline.resolve("SG001.txt"))).startsWith("# session-guard baseline SG001; frozen " + frozen + "; ")
                .hasLineCount(1);
        assertThat(run("baseline", "--preset", "hibernate", "--baseline", baseline.toString(), clean).out()).contains("  " + done + ", 0 new\n");
        for (String format : List.of("text", "markdown", "html")) {
            assertThat(run("audit", "--preset", "hibernate", "--baseline", baseline.toString(), "--format", format, clean).out())
                    .as(format).contains(done);
        }
    }

    @Test
    void a_stack_trace_only_with_verbose(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        Path baseline = Files.writeString(dir.resolve("baseline"), "a file, not a folder");
        String jpa = FIXTURES.resolve("jpa").toString();
        assertThat(run("audit", "--baseline", baseline.toString(), jpa).err())
                .isEqualTo("session-guard: --baseline " + baseline + ": not a folder\n");
        CliRun verbose = run("audit", "--verbose", jar.toString());
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.err()).startsWith("session-guard: " + jar + ": not a readable jar").contains("\tat dev.sessionguard.cli.");
        assertThat(run("audit", jar.toString()).err()).doesNotContain("\tat ");
    }

    /** Progress goes to stderr only when it is a terminal: under a pseudo-terminal (script(1)) it shows, in a pipe it does not. */
    @Test
    void progress_on_a_terminal_only() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = javaBin + " -cp " + System.getProperty("java.class.path") + " dev.sessionguard.cli.SessionGuardCli audit"
                + " --preset jpa --output /dev/null " + FIXTURES.resolve("jpa").toAbsolutePath();
        ProcessBuilder tty = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true);
        tty.environment().put("TERM", "xterm");
        Process p = tty.start();
        String onTerminal = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(onTerminal).contains("importing ").contains("evaluating SG001 over ");

        Process piped = new ProcessBuilder("sh", "-c", command).start();
        String err = new String(piped.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        piped.waitFor();
        assertThat(err).doesNotContain("importing", "evaluating");
    }
}
