package dev.sessionguard.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache of answers computed under {@link BoundedRecursion}s, kept so that no answer depends on the order the
 * questions came in. An answer that no bound cut short is the whole answer: it holds at its depths and at any
 * shallower ones (with more room, the same reading never reaches a bound). An answer a bound cut short holds only at
 * the very depths it was computed at, and whoever reuses it is cut short too.
 */
final class BoundedAnswers<V> {
    private final List<BoundedRecursion> recursions;
    private final Map<String, Whole<V>> whole = new HashMap<>();
    private final Map<String, Exact<V>> exact = new HashMap<>();

    private record Whole<V>(V value, int[] depths) {
    }

    private record Exact<V>(V value, boolean cutShort) {
    }

    BoundedAnswers(List<BoundedRecursion> recursions) {
        this.recursions = List.copyOf(recursions);
    }

    /** The answer kept for {@code key} that holds at the current depths, or null. */
    V get(String key) {
        int[] now = depths();
        Whole<V> w = whole.get(key);
        if (w != null && atMost(now, w.depths())) {
            return w.value();
        }
        Exact<V> e = exact.get(at(key, now));
        if (e == null) {
            return null;
        }
        if (e.cutShort()) {
            recursions.get(0).cutShort();
        }
        return e.value();
    }

    /** Keeps the answer for {@code key}, computed since the shared count of cuts was {@code cutsBefore}. */
    void put(String key, int cutsBefore, V value) {
        int[] now = depths();
        boolean cut = recursions.get(0).cuts() != cutsBefore;
        if (!cut) {
            Whole<V> kept = whole.get(key);
            if (kept == null || atMost(kept.depths(), now)) {
                whole.put(key, new Whole<>(value, now));
                return;
            }
        }
        // cut short, or whole at depths the kept whole answer does not cover
        exact.put(at(key, now), new Exact<>(value, cut));
    }

    /** The shared count of cuts, taken before an answer is computed. */
    int cuts() {
        return recursions.get(0).cuts();
    }

    private int[] depths() {
        int[] d = new int[recursions.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = recursions.get(i).depth();
        }
        return d;
    }

    private static boolean atMost(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
        }
        return true;
    }

    private static String at(String key, int[] depths) {
        StringBuilder s = new StringBuilder(key).append(" @");
        for (int d : depths) {
            s.append(' ').append(d);
        }
        return s.toString();
    }
}
