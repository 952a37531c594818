package dev.sessionguard.baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Two JVMs shrinking the same baseline file at the same moment: no entry is lost, none is duplicated. */
class BaselineConcurrencyTest {
    static String key(int i) {
        return String.format("SG001 com.acme.legacy.Route%03d#handle calls org.hibernate.SessionFactory.openSession()"
                + " outside the db packages", i);
    }

    private static Process writer(Path folder, Path go, int first, int last, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ConcurrentBaselineWriter.class.getName(), folder.toString(), go.toString(),
                String.valueOf(first), String.valueOf(last))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void two_jvms_updating_one_baseline_at_once_lose_nothing(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("baseline"));
        List<String> keys = IntStream.range(0, 120).mapToObj(BaselineConcurrencyTest::key).toList();
        Files.writeString(folder.resolve("SG001.txt"), new BaselineFile("SG001", 120, keys)
                .render("SG001 raw-factory-outside-db: no classes outside the db packages should use raw session factories"),
                StandardCharsets.UTF_8);
        Path go = dir.resolve("go");

        Process a = writer(folder, go, 0, 39, dir.resolve("a.log"));
        Process b = writer(folder, go, 40, 79, dir.resolve("b.log"));
        Thread.sleep(1500);
        Files.writeString(go, "go");
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.log"))).isZero();
        assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.log"))).isZero();

        BaselineFile result = BaselineFile.read(folder.resolve("SG001.txt"), "SG001");
        assertThat(result.keys()).containsExactlyElementsOf(new ArrayList<>(keys.subList(80, 120)));
        assertThat(result.frozen()).isEqualTo(120);
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temporary files left behind").containsExactlyInAnyOrder("SG001.txt", BaselineStore.LOCK_FILE);
        }
    }
}
