package dev.sessionguard.baseline;

import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sessionguard.baseline.BaselineCode.alpha;
import static dev.sessionguard.baseline.BaselineCode.beta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several test JVMs against one baseline at once: the sequential result, a killed write, a lock held too long. */
class BaselineConcurrencyTest {
    @TempDir
    Path dir;

    static String key(String set, int i) {
        return String.format("SG001 com.acme.legacy.Route%s%06d#handle calls org.hibernate.SessionFactory.openSession()"
                + " outside the db packages", set, i);
    }

    private Process jvm(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConcurrentBaselineWriter.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private SessionPolicy policy(Path folder, BaselineMode mode, Duration lockTimeout) {
        return SessionPolicy.builder().sessionSources(BaselineCode.DB + "#getSession").baseline(folder.toString())
                .baselineMode(mode).baselineLockTimeout(lockTimeout).build();
    }

    @Test
    void three_jvms_shrinking_a_key_frozen_twice_and_each_its_own_area_give_the_sequential_result() throws Exception {
        Path folder = dir.resolve("baseline");
        SessionPolicy freeze = policy(folder, BaselineMode.FREEZE, Duration.ofMinutes(1));
        Path legacy = BaselineCode.compile(dir.resolve("legacy"), alpha(2, false), beta(false));
        SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(freeze), new BaselineStore(() -> freeze, () -> null))
                .evaluate(BaselineCode.importFrom(legacy));
        // one of the two identical leaks in Alpha#twice fixed, and Beta fixed
        Path fixed = BaselineCode.compile(dir.resolve("fixed"), alpha(1, false), beta(true));
        Path expected = dir.resolve("sequential");
        Files.createDirectories(expected);
        Files.copy(folder.resolve("SG001.txt"), expected.resolve("SG001.txt"));
        SessionPolicy auto = policy(expected, BaselineMode.AUTO, Duration.ofMinutes(1));
        SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(auto), new BaselineStore(() -> auto, () -> null))
                .evaluate(BaselineCode.importFrom(fixed));

        Path go = dir.resolve("go");
        List<Process> jvms = List.of(
                jvm(dir.resolve("all.log"), "run", folder.toString(), go.toString(), fixed.toString(), "1"),
                jvm(dir.resolve("a.log"), "run", folder.toString(), go.toString(), fixed.toString(), "1", "com/acme/a"),
                jvm(dir.resolve("b.log"), "run", folder.toString(), go.toString(), fixed.toString(), "1", "com/acme/b"));
        Thread.sleep(2000);
        Files.writeString(go, "go");
        for (int i = 0; i < jvms.size(); i++) {
            assertThat(jvms.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(jvms.get(i).exitValue()).as(Files.readString(dir.resolve(List.of("all.log", "a.log", "b.log").get(i)))).isZero();
        }

        assertThat(Files.readString(folder.resolve("SG001.txt"))).isEqualTo(Files.readString(expected.resolve("SG001.txt")));
        assertThat(BaselineFile.read(folder.resolve("SG001.txt"), "SG001").keys())
                .filteredOn(k -> k.contains("Alpha#twice")).hasSize(1);
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files left behind")
                    .containsExactlyInAnyOrder("SG001.txt", ".gitattributes", BaselineStore.LOCK_FILE);
        }
    }

    @Test
    void a_write_killed_with_sigkill_leaves_a_whole_file_and_its_temporary_file_goes_with_the_next_write() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("baseline"));
        BaselineStore.freeze(folder, dev.sessionguard.rules.SessionRule.SG001.description(),
                java.util.stream.IntStream.range(0, 200000).mapToObj(i -> key("even", i)).toList());
        Path log = dir.resolve("rewrite.log");
        Path leftover = null;
        for (int attempt = 0; attempt < 5 && leftover == null; attempt++) {
            Process writer = jvm(log, "rewrite", folder.toString(), "200000");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (leftover == null && System.nanoTime() < until && writer.isAlive()) {
                try (Stream<Path> files = Files.list(folder)) {
                    leftover = files.filter(p -> p.getFileName().toString().matches("SG001\\.\\d+\\.tmp")).findFirst().orElse(null);
                }
            }
            writer.destroyForcibly().waitFor();
            if (leftover != null && !Files.exists(leftover)) {
                leftover = null;
            }
        }
        assertThat(leftover).as(Files.readString(log)).isNotNull();

        BaselineFile whole = BaselineFile.read(folder.resolve("SG001.txt"), "SG001");
        String set = whole.keys().get(0).contains("Routeeven") ? "Routeeven" : "Routeodd";
        assertThat(whole.keys()).hasSize(200000).allMatch(k -> k.contains(set));
        BaselineStore.freeze(folder, dev.sessionguard.rules.SessionRule.SG001.description(), whole.keys());
        assertThat(leftover).doesNotExist();
        assertThat(BaselineFile.read(folder.resolve("SG001.txt"), "SG001").keys()).isEqualTo(whole.keys());
    }

    @Test
    void a_lock_held_by_a_live_jvm_is_waited_for_out_loud_and_given_up_after_the_timeout() throws Exception {
        Path folder = dir.resolve("baseline");
        SessionPolicy freeze = policy(folder, BaselineMode.FREEZE, Duration.ofSeconds(3));
        Path legacy = BaselineCode.compile(dir.resolve("legacy"), alpha(1, false), beta(false));
        Process holder = jvm(dir.resolve("hold.log"), "hold", folder.toString());
        PrintStream systemErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("hold.log")).contains("locked") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            assertThatThrownBy(() -> SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(freeze),
                    new BaselineStore(() -> freeze, () -> null)).evaluate(BaselineCode.importFrom(legacy)))
                    .isInstanceOf(BaselineException.class).hasMessageNotContaining("\n")
                    .hasMessage("session-guard: " + folder.resolve(BaselineStore.LOCK_FILE) + ": gave up waiting for the baseline"
                            + " lock after 3 s (another JVM holds it; sessionguard.baseline.lockTimeout sets how long to wait)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(30));
        } finally {
            System.setErr(systemErr);
            holder.destroyForcibly().waitFor();
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "session-guard: waiting for the baseline lock held by another test JVM: " + folder.resolve(BaselineStore.LOCK_FILE));
        assertThat(folder.resolve("SG001.txt")).doesNotExist();

        SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(freeze), new BaselineStore(() -> freeze, () -> null))
                .evaluate(BaselineCode.importFrom(legacy));
        assertThat(folder.resolve("SG001.txt")).exists();
    }
}
