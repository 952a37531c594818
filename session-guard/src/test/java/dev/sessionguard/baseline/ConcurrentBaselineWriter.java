package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Another test JVM, reduced to what it does to the baseline. {@code run FOLDER GO CLASSES RUNS [PACKAGE...]} waits for
 * GO, then evaluates the frozen SG001 RUNS times over the compiled classes (or some of their packages), in mode auto.
 * {@code hold FOLDER} holds the baseline's lock until killed. {@code rewrite FOLDER KEYS} freezes two big sets of keys
 * by turns until killed.
 */
public final class ConcurrentBaselineWriter {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        switch (args[0]) {
            case "run" -> run(folder, Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                    Arrays.copyOfRange(args, 5, args.length));
            case "hold" -> hold(folder);
            case "rewrite" -> rewrite(folder, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void run(Path folder, Path go, Path classes, int runs, String[] packages) {
        SessionPolicy policy = SessionPolicy.builder().sessionSources(BaselineCode.DB + "#getSession")
                .baseline(folder.toString()).baselineMode(BaselineMode.AUTO).baselineLockTimeout(Duration.ofSeconds(60)).build();
        JavaClasses imported = BaselineCode.importFrom(classes, packages);
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < runs; i++) {
            if (SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb(policy), new BaselineStore(() -> policy, () -> null))
                    .evaluate(imported).hasViolation()) {
                throw new IllegalStateException("run " + i + " failed: a frozen violation was lost");
            }
        }
    }

    private static void hold(Path folder) throws Exception {
        Files.createDirectories(folder);
        try (var channel = java.nio.channels.FileChannel.open(folder.resolve(BaselineStore.LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void rewrite(Path folder, int keys) {
        for (int turn = 0; ; turn++) {
            String set = turn % 2 == 0 ? "even" : "odd";
            List<String> messages = java.util.stream.IntStream.range(0, keys).mapToObj(i -> BaselineConcurrencyTest.key(set, i)).toList();
            BaselineStore.freeze(folder, dev.sessionguard.rules.SessionRule.SG001.description(), messages);
        }
    }
}
