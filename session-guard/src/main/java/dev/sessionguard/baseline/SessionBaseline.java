package dev.sessionguard.baseline;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.sessionguard.policy.SessionPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * The frozen-violations baseline, built on ArchUnit's {@link FreezingArchRule}: wrap any rule to fail only on
 * violations that are not in the baseline. A run shrinks the baseline only where it could judge (the classes it
 * imported), and a run with new violations leaves it unchanged.
 */
@PublicAPI(usage = ACCESS)
public final class SessionBaseline {
    private SessionBaseline() {
    }

    /** Freezes a rule with the baseline folder and mode of {@code session-guard.properties}. */
    public static FreezingArchRule freeze(ArchRule rule) {
        return freeze(rule, new BaselineStore(SessionPolicy::fromConfiguration));
    }

    /** Freezes a rule with the baseline folder and mode of the policy. */
    public static FreezingArchRule freeze(ArchRule rule, SessionPolicy policy) {
        return freeze(rule, new BaselineStore(() -> policy));
    }

    /**
     * Freezes a rule with the baseline folder and mode of the policy, the folder under {@code moduleRoot}: for a build
     * tool that judges many modules in one JVM. {@code ci} is the value of the {@code CI} environment variable (or null):
     * true means {@code verify} where the mode is {@code auto}.
     */
    public static FreezingArchRule freeze(ArchRule rule, SessionPolicy policy, Path moduleRoot, String ci) {
        return freeze(rule, new BaselineStore(() -> policy, moduleRoot, ci));
    }

    static FreezingArchRule freeze(ArchRule rule, BaselineStore store) {
        return FreezingArchRule.freeze(new ScopedRule(rule, store)).persistIn(store)
                .associateViolationLinesVia(new BaselineLineMatcher());
    }

    /** Every rule file of a baseline folder, by file ID; an empty map where there is no folder. */
    public static Map<String, BaselineFile> read(Path folder) {
        BaselineFolder.check(folder);
        Map<String, BaselineFile> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                String id = f.getFileName().toString().replaceFirst("\\.txt$", "");
                files.put(id, BaselineFile.read(f, id));
            }
        } catch (IOException e) {
            throw new BaselineException(folder + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return files;
    }

    /** "SG001: 12 of 20 fixed, 8 left" for a rule's baseline file. */
    public static String progress(BaselineFile file) {
        return progress(file.ruleId(), file.frozen(), file.keys().size());
    }

    /** The one wording of progress, in the test output, the CLI and every report: "SG002: 4 of 4 fixed, 0 left". */
    public static String progress(String ruleId, int frozen, int left) {
        return ruleId + ": " + (frozen - left) + " of " + frozen + " fixed, " + left + " left";
    }
}
