package dev.sessionguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash is never read as findings, and a report file is never seen half written. */
class CrashesAndOutputTest {
    private static final String JPA = Path.of("target/test-classes/dev/sessionguard/fixtures/sg001/jpa").toString();

    /**
     * A real memory failure, in a child JVM with a small heap over a large jar: exit 2 (never 1, "new violations") and
     * one line that says what to do, no stack trace.
     */
    @Test
    void out_of_memory_is_exit_2_with_one_line_that_says_what_to_do() throws Exception {
        String large = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("hibernate-core")).findFirst().orElseThrow();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SessionGuardCli.class.getName(),
                "audit", "--preset", "hibernate", large).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines()).as(err).singleElement().asString()
                .startsWith("session-guard: out of memory (Java heap space): the audit needs a larger heap than this JVM has;"
                        + " run it as java -Xmx4g -jar session-guard-<version>-cli.jar");
    }

    /**
     * Twenty audits write one --output while a reader reads it: every read is a whole report, never an empty or
     * partial one; no temporary file is left; the file keeps its permissions.
     */
    @Test
    void output_is_replaced_atomically(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        String[] audit = {"audit", "--preset", "jpa", "--format", "html", "--output", report.toString(), JPA};
        assertThat(CliRun.run(audit).exit()).isEqualTo(1);
        String whole = Files.readString(report);
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r-----"));

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    String read = Files.readString(report);
                    if (!read.equals(whole)) {
                        seen.add(read.length() + " of " + whole.length() + " characters");
                    }
                } catch (java.io.IOException e) {
                    seen.add(e.toString());
                }
            }
        });
        reader.start();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CliRun>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(pool.submit(() -> CliRun.run(audit)));
            }
            for (Future<CliRun> run : runs) {
                assertThat(run.get(120, TimeUnit.SECONDS).exit()).isEqualTo(1);
            }
        } finally {
            writing.set(false);
            reader.join();
            pool.shutdown();
        }
        assertThat(seen).as("reads that were not a whole report").isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r-----");
    }
}
