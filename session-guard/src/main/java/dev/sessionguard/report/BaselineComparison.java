package dev.sessionguard.report;

import dev.sessionguard.baseline.BaselineFile;
import dev.sessionguard.baseline.BaselineKey;
import dev.sessionguard.rules.Violation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Current violations against a baseline, with the same line-insensitive keys as the test rules: which violations are
 * new, which are frozen, which baseline entries are fixed, and the progress per rule.
 */
public final class BaselineComparison {
    private final Set<Violation> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, List<String>> fixed = new TreeMap<>();
    private final Map<String, BaselineFile> files;

    private BaselineComparison(Map<String, BaselineFile> files) {
        this.files = files;
    }

    /** Compares; with no baseline files every violation is new. */
    public static BaselineComparison compare(List<Violation> current, Map<String, BaselineFile> files) {
        BaselineComparison c = new BaselineComparison(files);
        Map<String, List<String>> pools = new LinkedHashMap<>();
        files.forEach((id, f) -> pools.put(id, new ArrayList<>(f.keys())));
        for (Violation v : current) {
            List<String> pool = pools.get(v.rule().id());
            if (pool == null || !pool.remove(BaselineKey.of(v.message()))) {
                c.fresh.add(v);
            }
        }
        pools.forEach((id, left) -> {
            if (!left.isEmpty()) {
                c.fixed.put(id, List.copyOf(left));
            }
        });
        return c;
    }

    public boolean isNew(Violation v) {
        return fresh.contains(v);
    }

    public int newCount() {
        return fresh.size();
    }

    /** Baseline entries no longer found, per rule ID. */
    public Map<String, List<String>> fixed() {
        return fixed;
    }

    public Map<String, BaselineFile> files() {
        return files;
    }

    public boolean hasBaseline() {
        return !files.isEmpty();
    }
}
