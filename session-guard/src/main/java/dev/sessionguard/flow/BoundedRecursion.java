package dev.sessionguard.flow;

import java.util.HashSet;
import java.util.Set;

/**
 * A recursion over callees that reads their bodies on demand (what a call throws, what it does with a parameter),
 * bounded in depth, and that counts the answers it cut short (by the bound or by a recursive call). An answer computed
 * under a cut depends on the depth it was asked at, so it may be cached only when it was asked first-hand.
 */
final class BoundedRecursion {
    private final int depthLimit;
    private final Set<String> inProgress = new HashSet<>();
    private int cuts;

    BoundedRecursion(int depthLimit) {
        this.depthLimit = depthLimit;
    }

    /** Whether the answer for {@code key} is being computed (a recursive call): its callers must not rely on it. */
    boolean inProgress(String key) {
        return inProgress.contains(key);
    }

    /** Whether one more level would pass the depth bound. */
    boolean atLimit() {
        return inProgress.size() >= depthLimit;
    }

    void enter(String key) {
        inProgress.add(key);
    }

    void leave(String key) {
        inProgress.remove(key);
    }

    void cutShort() {
        cuts++;
    }

    /** How many answers so far were cut short: taken before an answer is computed, for {@link #firstHand}. */
    int cuts() {
        return cuts;
    }

    /** Whether an answer begun when {@link #cuts()} was {@code before} may be cached. */
    boolean firstHand(int before) {
        return cuts == before || inProgress.isEmpty();
    }
}
