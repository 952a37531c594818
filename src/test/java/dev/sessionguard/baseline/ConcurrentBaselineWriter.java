package dev.sessionguard.baseline;

import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM's test run, reduced to what it does to the baseline: {@code FOLDER GO_FILE FIRST LAST} waits for
 * GO_FILE, then finds the keys numbered FIRST..LAST fixed one by one, exactly as FreezingArchRule reports them.
 */
public final class ConcurrentBaselineWriter {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path go = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int last = Integer.parseInt(args[3]);
        SessionPolicy policy = SessionPolicy.builder().baseline(folder.toString()).baselineMode(BaselineMode.AUTO).build();
        ArchRule rule = SessionRules.rawFactoryOutsideDb(policy);
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int i = first; i <= last; i++) {
            BaselineStore store = new BaselineStore(() -> policy, () -> null);
            store.initialize(null);
            List<String> unsolved = new ArrayList<>(store.getViolations(rule));
            String fixed = BaselineConcurrencyTest.key(i);
            if (!unsolved.remove(fixed)) {
                throw new IllegalStateException("key " + i + " vanished before it was fixed");
            }
            store.save(rule, unsolved);
        }
    }
}
