package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Values computed once per import (and per key, such as a policy), shared by the rules evaluated over it. An import is
 * known by the identity of its first class by name and by its size, so that two imports never share a value, whatever
 * order a rule hands its classes in. No static field pins an import: classes are held weakly and values softly (a value
 * may refer to its import's classes), so a value outlives the import's last user only until memory is needed, and
 * several imports evaluated side by side each keep their own.
 */
final class PerImport<V> {
    private record Entry<V>(Object key, int size, SoftReference<Holder<V>> holder) {
    }

    /** Computes its value once, under its own lock: other imports are not held up meanwhile. */
    private static final class Holder<V> {
        private final Supplier<V> compute;
        private V value;

        Holder(Supplier<V> compute) {
            this.compute = compute;
        }

        synchronized V get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }

    private final Map<JavaClass, List<Entry<V>>> byFirstClass = new WeakHashMap<>();

    /** The value for the import and key, computed by {@code compute} if it is not known (or no longer kept). */
    V get(Collection<JavaClass> classes, Object key, Supplier<V> compute) {
        JavaClass first = classes.stream().min(Comparator.comparing(JavaClass::getName)).orElse(null);
        if (first == null) {
            return compute.get();
        }
        return holder(first, classes.size(), key, compute).get();
    }

    private synchronized Holder<V> holder(JavaClass first, int size, Object key, Supplier<V> compute) {
        List<Entry<V>> entries = byFirstClass.computeIfAbsent(first, c -> new ArrayList<>());
        for (Entry<V> e : entries) {
            Holder<V> known = e.holder().get();
            if (known != null && e.size() == size && Objects.equals(e.key(), key)) {
                return known;
            }
        }
        entries.removeIf(e -> e.holder().get() == null);
        Holder<V> created = new Holder<>(compute);
        entries.add(new Entry<>(key, size, new SoftReference<>(created)));
        return created;
    }
}
