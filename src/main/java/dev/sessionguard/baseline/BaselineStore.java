package dev.sessionguard.baseline;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.ViolationStore;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A {@link ViolationStore} that keeps one sorted file per rule ID, keyed on stable rule IDs and line-insensitive keys.
 * It never creates a baseline unless asked ({@link BaselineMode#FREEZE}); locally it only shrinks; in
 * {@link BaselineMode#VERIFY} (or on CI) it never writes and reports what can be removed. Writes hold a file lock and
 * replace files by atomic rename, so parallel test forks never lose entries.
 */
@PublicAPI(usage = ACCESS)
public final class BaselineStore implements ViolationStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BaselineStore.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    static final String LOCK_FILE = ".session-guard.lock";

    private final Supplier<SessionPolicy> policy;
    private final Supplier<String> ci;
    private final Map<String, List<String>> served = new HashMap<>();
    private final List<String> removable = new ArrayList<>();
    private Path folder;
    private BaselineMode mode;

    public BaselineStore(Supplier<SessionPolicy> policy) {
        this(policy, () -> System.getenv("CI"));
    }

    /** With the value of the {@code CI} environment variable given, for tests that must not depend on where they run. */
    BaselineStore(Supplier<SessionPolicy> policy, Supplier<String> ci) {
        this.policy = policy;
        this.ci = ci;
    }

    /** The folder and mode in force: {@code sessionguard.baseline} under the module root; CI means verify. */
    @Override
    public void initialize(Properties properties) {
        SessionPolicy p = policy.get();
        this.folder = moduleRoot().resolve(p.baseline()).normalize();
        this.mode = effectiveMode(p.baselineMode(), ci.get());
        served.clear();
    }

    static BaselineMode effectiveMode(BaselineMode configured, String ci) {
        if (configured == BaselineMode.AUTO && ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"))) {
            return BaselineMode.VERIFY;
        }
        return configured;
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
        return mode != BaselineMode.FREEZE;
    }

    @Override
    public List<String> getViolations(ArchRule rule) {
        String id = fileId(rule.getDescription());
        Path file = folder.resolve(id + ".txt");
        List<String> keys = Files.exists(file) ? BaselineFile.read(file, id).keys() : List.of();
        List<String> withOccurrences = withOccurrences(keys);
        served.put(id, withOccurrences);
        return withOccurrences;
    }

    @Override
    public void save(ArchRule rule, List<String> violations) {
        String id = fileId(rule.getDescription());
        if (mode == BaselineMode.FREEZE) {
            freeze(folder, rule.getDescription(), violations);
            return;
        }
        List<String> fixed = new ArrayList<>(served.getOrDefault(id, List.of()));
        violations.forEach(fixed::remove);
        List<String> fixedKeys = fixed.stream().map(BaselineKey::of).toList();
        if (fixedKeys.isEmpty()) {
            return;
        }
        if (mode == BaselineMode.VERIFY) {
            removable.addAll(fixedKeys);
            LOG.info("session-guard: {}: {} of {} fixed and can be removed (run the tests locally, or freeze):{}", id,
                    fixedKeys.size() + (fixedKeys.size() == 1 ? " entry" : " entries"), folder.resolve(id + ".txt"),
                    fixedKeys.stream().map(k -> "\n  " + k).collect(java.util.stream.Collectors.joining()));
            return;
        }
        update(folder, id, rule.getDescription(), current -> {
            if (current == null) {
                return null;
            }
            List<String> left = new ArrayList<>(current.keys());
            fixedKeys.forEach(left::remove);
            return new BaselineFile(id, current.frozen(), left);
        });
    }

    private interface Change {
        BaselineFile apply(BaselineFile current);
    }

    /**
     * Creates or regrows one rule's file from its current violation messages (the CLI's {@code baseline --write}).
     * The count of entries fixed before is kept, so progress survives a regrow.
     */
    public static void freeze(Path folder, String ruleDescription, List<String> violations) {
        String id = fileId(ruleDescription);
        List<String> keys = violations.stream().map(BaselineKey::of).toList();
        update(folder, id, ruleDescription, current -> {
            int fixedBefore = current == null ? 0 : current.frozen() - current.keys().size();
            return new BaselineFile(id, fixedBefore + keys.size(), keys);
        });
    }

    /** Read-modify-write of one rule's file under the folder's lock; an empty result deletes the file. */
    private static void update(Path folder, String id, String description, Change change) {
        Path file = folder.resolve(id + ".txt");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(folder, f -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                BaselineFile current = Files.exists(file) ? BaselineFile.read(file, id) : null;
                BaselineFile next = change.apply(current);
                if (next == null || next.keys().isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    Path temp = Files.createTempFile(folder, id + ".", ".tmp");
                    try {
                        Files.writeString(temp, next.render(description), StandardCharsets.UTF_8);
                        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(temp);
                    }
                }
            }
        } catch (AccessDeniedException e) {
            throw new BaselineException(folder + ": cannot write the baseline (access denied: " + e.getFile() + ")", e);
        } catch (IOException e) {
            throw new BaselineException(folder + ": cannot write the baseline (" + e + ")", e);
        } finally {
            local.unlock();
        }
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
