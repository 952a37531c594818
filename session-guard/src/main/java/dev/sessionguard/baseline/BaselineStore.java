package dev.sessionguard.baseline;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.ViolationStore;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A {@link ViolationStore} that keeps one sorted file per rule ID, keyed on stable rule IDs and line-insensitive keys.
 * It never creates a baseline unless asked ({@link BaselineMode#FREEZE}); locally it only shrinks, and only what the
 * run could judge (the classes it imported, the methods it analysed), and never when a violation is new; in
 * {@link BaselineMode#VERIFY} (or on CI) it never writes and reports what can be removed. A writer re-reads the file
 * under the folder's lock and recomputes it from its own evaluation, so parallel test JVMs give the sequential result.
 * Rules must be frozen through {@link SessionBaseline#freeze}, which tells the store what the run saw.
 */
@PublicAPI(usage = ACCESS)
public final class BaselineStore implements ViolationStore {
    static final String LOCK_FILE = BaselineFolder.LOCK_FILE;

    private final Supplier<SessionPolicy> policy;
    private final Supplier<String> ci;
    /** The module the baseline folder lies in; null: the working folder or {@code -Dbasedir} (a test JVM's module). */
    private final Path root;
    private final List<String> removable = new ArrayList<>();
    /** The evaluation in progress on each thread: FreezingArchRule evaluates, then reads and saves, on one thread. */
    private final ThreadLocal<Run> run = new ThreadLocal<>();
    private Path folder;
    private BaselineMode mode;
    private Duration lockTimeout;
    /** A configuration error met before the rule ran: the rule's own evaluation reports it (once per run). */
    private SessionGuardConfigurationException misconfigured;

    /** One evaluation of one rule: what it could judge, the keys it found, the file as it was read. */
    private record Run(String id, BaselineScope scope, List<String> found, Set<String> distinct, BaselineFile served, int fresh) {
        /** Whether the run saw what the entry is about: its class was imported, or the run found the entry itself. */
        boolean judges(String key) {
            return scope.judges(key) || distinct.contains(key);
        }
    }

    public BaselineStore(Supplier<SessionPolicy> policy) {
        this(policy, () -> System.getenv("CI"));
    }

    /** With the value of the {@code CI} environment variable given, for tests that must not depend on where they run. */
    BaselineStore(Supplier<SessionPolicy> policy, Supplier<String> ci) {
        this(policy, null, ci);
    }

    /**
     * For a build tool that runs in one JVM for many modules (the Maven plugin): the baseline folder lies under
     * {@code moduleRoot}, and {@code ci} is the value of the {@code CI} environment variable (or null).
     */
    public BaselineStore(Supplier<SessionPolicy> policy, Path moduleRoot, String ci) {
        this(policy, moduleRoot.toAbsolutePath().normalize(), () -> ci);
    }

    private BaselineStore(Supplier<SessionPolicy> policy, Path root, Supplier<String> ci) {
        this.policy = policy;
        this.root = root;
        this.ci = ci;
    }

    /**
     * The folder and mode in force: {@code sessionguard.baseline} under the module root; CI means verify; ArchUnit's
     * {@code freeze.*} keys are mapped to the modes they mean, or rejected.
     */
    @Override
    public void initialize(Properties properties) {
        SessionPolicy p;
        try {
            p = policy.get();
            misconfigured = null;
        } catch (SessionGuardConfigurationException e) {
            // the frozen rule reads the same configuration and fails with it; a store used anyway throws it
            misconfigured = e;
            return;
        }
        this.folder = root().resolve(p.baseline()).normalize();
        BaselineFolder.check(folder);
        this.mode = withArchUnitKeys(p.baselineMode(), effectiveMode(p.baselineMode(), ci.get()),
                ArchConfiguration.get().getSubProperties("freeze"));
        this.lockTimeout = p.baselineLockTimeout();
        run.remove();
    }

    private void requireConfigured() {
        if (misconfigured != null) {
            throw misconfigured;
        }
    }

    static BaselineMode effectiveMode(BaselineMode configured, String ci) {
        if (configured == BaselineMode.AUTO && ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"))) {
            return BaselineMode.VERIFY;
        }
        return configured;
    }

    /**
     * ArchUnit's freeze switches act on session-guard's rules only through session-guard's modes: {@code refreeze=true}
     * is {@code freeze}, {@code store.default.allowStoreUpdate=false} is {@code verify}; a baseline is never created
     * unasked, so {@code store.default.allowStoreCreation=true} is an error, as is a switch that contradicts the mode.
     */
    static BaselineMode withArchUnitKeys(BaselineMode configured, BaselineMode effective, Properties freeze) {
        boolean refreeze = isTrue(freeze, "refreeze");
        boolean noUpdate = "false".equalsIgnoreCase(freeze.getProperty("store.default.allowStoreUpdate", "").trim());
        if (isTrue(freeze, "store.default.allowStoreCreation")) {
            throw archUnitKey("store.default.allowStoreCreation", "true",
                    "session-guard creates a baseline only on request: use " + PolicyConfiguration.BASELINE_MODE + "=freeze");
        }
        if (refreeze && noUpdate) {
            throw archUnitKey("refreeze", "true", "contradicts freeze.store.default.allowStoreUpdate=false: use "
                    + PolicyConfiguration.BASELINE_MODE + "=freeze or =verify");
        }
        if (refreeze) {
            if (configured == BaselineMode.VERIFY) {
                throw archUnitKey("refreeze", "true", "contradicts " + PolicyConfiguration.BASELINE_MODE + "=verify: use "
                        + PolicyConfiguration.BASELINE_MODE + "=freeze");
            }
            return BaselineMode.FREEZE;
        }
        if (noUpdate) {
            if (configured == BaselineMode.FREEZE) {
                throw archUnitKey("store.default.allowStoreUpdate", "false", "contradicts " + PolicyConfiguration.BASELINE_MODE
                        + "=freeze: use " + PolicyConfiguration.BASELINE_MODE + "=verify");
            }
            return BaselineMode.VERIFY;
        }
        return effective;
    }

    private static boolean isTrue(Properties freeze, String key) {
        return "true".equalsIgnoreCase(freeze.getProperty(key, "").trim());
    }

    private static SessionGuardConfigurationException archUnitKey(String key, String value, String problem) {
        return new SessionGuardConfigurationException("freeze." + key, value, problem + " (ArchUnit's key, from archunit.properties"
                + " or -Darchunit.freeze." + key + ")");
    }

    private Path root() {
        return root != null ? root : moduleRoot();
    }

    static Path moduleRoot() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : "").toAbsolutePath();
    }

    public Path folder() {
        return folder;
    }

    public BaselineMode mode() {
        return mode;
    }

    /** The keys found fixed in {@link BaselineMode#VERIFY}: they can be removed from the baseline. */
    public List<String> removable() {
        return List.copyOf(removable);
    }

    /** Only a freeze creates or regrows a baseline: otherwise a missing file means every violation is new. */
    @Override
    public boolean contains(ArchRule rule) {
        requireConfigured();
        return mode != BaselineMode.FREEZE;
    }

    /**
     * What {@link ScopedRule} found: reads the rule's file and returns how many of the violations are new (none when
     * freezing), so that the failure can say the baseline was left unchanged.
     */
    int evaluated(String description, BaselineScope scope, List<String> violations) {
        String id = fileId(description);
        BaselineFile served = new BaselineFolder(folder, lockTimeout).read(id);
        List<String> found = violations.stream().map(s -> BaselineKey.of(s.replace("\r\n", "\n"))).toList();
        Set<String> distinct = new HashSet<>(found);
        int fresh = mode == BaselineMode.FREEZE ? 0 : beyond(counts(found), served == null ? List.of() : served.keys());
        run.set(new Run(id, scope, found, distinct, served, fresh));
        return fresh;
    }

    @Override
    public List<String> getViolations(ArchRule rule) {
        requireConfigured();
        String id = fileId(rule.getDescription());
        Run r = run.get();
        BaselineFile file = r != null && r.id().equals(id) ? r.served() : new BaselineFolder(folder, lockTimeout).read(id);
        return withOccurrences(file == null ? List.of() : file.keys());
    }

    /**
     * Called by FreezingArchRule to freeze, or when it found entries fixed. The violations it passes are not used: the
     * file is recomputed under the lock from this run's own evaluation.
     */
    @Override
    public void save(ArchRule rule, List<String> violations) {
        requireConfigured();
        String id = fileId(rule.getDescription());
        Run r = run.get();
        if (r == null || !r.id().equals(id)) {
            throw new BaselineException(id + ": frozen without SessionBaseline.freeze, so the store cannot tell which"
                    + " classes the run imported (freeze the rule with SessionBaseline.freeze)");
        }
        BaselineFolder files = new BaselineFolder(folder, lockTimeout);
        Path file = files.file(id);
        if (mode == BaselineMode.FREEZE) {
            if (!freezeInto(files, id, rule.getDescription(), r::judges, r.found())) {
                return;
            }
            BaselineFile before = r.served();
            int kept = before == null ? 0 : (int) before.keys().stream().filter(k -> !r.judges(k)).count();
            BaselineNotes.say("session-guard: froze " + r.found().size() + " " + id + " violations in " + shown(file)
                    + (kept == 0 ? "" : "; kept " + kept + " entries of classes this run did not import"));
            return;
        }
        if (r.fresh() > 0) {
            return;
        }
        List<String> fixed = fixed(r, r.served());
        if (fixed.isEmpty()) {
            return;
        }
        if (mode == BaselineMode.VERIFY) {
            removable.addAll(fixed);
            BaselineNotes.say("session-guard: " + entries(fixed.size()) + " fixed, can be removed from " + shown(file)
                    + " (run the tests locally, or freeze)");
            BaselineNotes.detail(fixed.stream().map(k -> "  " + k).collect(Collectors.joining("\n", id + " fixed:\n", "")));
            return;
        }
        BaselineFile[] after = new BaselineFile[1];
        BaselineFile before = files.update(id, rule.getDescription(), false, current -> after[0] = shrunk(current, r));
        if (before != null && after[0] != null && !after[0].equals(before)) {
            BaselineNotes.say("session-guard: removed " + entries(before.keys().size() - after[0].keys().size()) + " fixed from "
                    + shown(file) + "; " + SessionBaseline.progress(after[0]));
        }
    }

    /** Entries the run judged and no longer found, as many times as the file has them beyond what it found. */
    private static List<String> fixed(Run r, BaselineFile file) {
        Map<String, Integer> left = counts(r.found());
        List<String> fixed = new ArrayList<>();
        for (String k : file == null ? List.<String>of() : file.keys()) {
            if (r.judges(k) && left.merge(k, -1, Integer::sum) < 0) {
                fixed.add(k);
            }
        }
        return fixed;
    }

    /**
     * The file as this run's evaluation leaves it: judged entries as often as found, the others as they are; unchanged
     * when the file (as re-read) lacks something the run found, which would be new had the runs been one after another.
     */
    private static BaselineFile shrunk(BaselineFile current, Run r) {
        if (current == null || beyond(counts(r.found()), current.keys()) > 0) {
            return null;
        }
        List<String> fixed = fixed(r, current);
        List<String> left = new ArrayList<>(current.keys());
        fixed.forEach(left::remove);
        return new BaselineFile(current.ruleId(), current.frozen(), left);
    }

    /**
     * Judged entries replaced by what the run found, the others kept. The frozen count grows by the entries added and
     * keeps those gone (they are fixed), so progress survives a regrow and a rule with nothing left keeps its header.
     */
    private static BaselineFile frozen(String id, BaselineFile current, Predicate<String> judged, List<String> found) {
        if (current == null) {
            return found.isEmpty() ? null : new BaselineFile(id, found.size(), found);
        }
        List<String> keys = new ArrayList<>(found);
        current.keys().stream().filter(judged.negate()).forEach(keys::add);
        return new BaselineFile(id, current.frozen() + beyond(counts(keys), current.keys()), keys);
    }

    /**
     * Creates or regrows one rule's file from its current violation messages (the CLI's {@code baseline --write}, which
     * imports the whole module). Entries no longer found count as fixed, so progress survives a regrow; a rule with
     * nothing left keeps a header-only file.
     */
    public static void freeze(Path folder, String ruleDescription, List<String> violations) {
        String id = fileId(ruleDescription);
        List<String> keys = violations.stream().map(BaselineKey::of).toList();
        freezeInto(new BaselineFolder(folder, SessionPolicy.DEFAULT_BASELINE_LOCK_TIMEOUT), id, ruleDescription, k -> true, keys);
    }

    /** Freezes what was found into one rule's file; false, and nothing written, for a rule with neither file nor finds. */
    private static boolean freezeInto(BaselineFolder files, String id, String description, Predicate<String> judged, List<String> found) {
        if (found.isEmpty() && files.read(id) == null) {
            return false;
        }
        files.update(id, description, true, current -> frozen(id, current, judged, found));
        return true;
    }

    /** How many found keys the file does not hold: the new violations. */
    private static int beyond(Map<String, Integer> found, List<String> file) {
        Map<String, Integer> left = new HashMap<>(found);
        file.forEach(k -> left.computeIfPresent(k, (key, n) -> n - 1));
        return left.values().stream().mapToInt(n -> Math.max(0, n)).sum();
    }

    private static Map<String, Integer> counts(List<String> keys) {
        Map<String, Integer> counts = new HashMap<>();
        keys.forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    /** A baseline file as the user knows it: relative to the module root when it lies inside it. */
    private Path shown(Path file) {
        Path module = root();
        return file.startsWith(module) ? module.relativize(file) : file;
    }

    /**
     * The file name of a rule: its ID for a rule described the way session-guard's are ({@code SG001
     * raw-factory-outside-db: ...}), a slug of the description for any other rule.
     */
    public static String fileId(String description) {
        Matcher id = RULE_ID.matcher(description);
        if (id.lookingAt()) {
            return id.group(1);
        }
        String slug = description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.length() > 80 ? slug.substring(0, 80) : slug;
    }

    /** The head of a session rule's description: its ID and name. */
    private static final Pattern RULE_ID = Pattern.compile("(SG\\d{3}) [a-z0-9-]+: ");

    private static List<String> withOccurrences(List<String> keys) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(BaselineKey.occurrence(k, seen.merge(k, 1, Integer::sum)));
        }
        return out;
    }
}
