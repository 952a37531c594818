package dev.sessionguard.flow;

/**
 * A recursion over callees that reads their bodies on demand (what a call throws, what it does with a parameter),
 * bounded in depth, and that counts the answers it cut short at the bound. A recursive call is not cut where it recurs:
 * it is read again, one level deeper, until the bound; so an answer depends only on the question and the depth it was
 * asked at, never on which questions were asked before (see {@link BoundedAnswers}). Recursions that ask each other
 * (a parameter's fate asks what a call throws) share their count of cuts.
 */
final class BoundedRecursion {
    private final int depthLimit;
    private final int[] cuts;
    private int depth;

    BoundedRecursion(int depthLimit) {
        this(depthLimit, new int[1]);
    }

    private BoundedRecursion(int depthLimit, int[] cuts) {
        this.depthLimit = depthLimit;
        this.cuts = cuts;
    }

    /** A recursion of its own depth that shares this one's count of cuts. */
    BoundedRecursion sibling(int siblingDepthLimit) {
        return new BoundedRecursion(siblingDepthLimit, cuts);
    }

    /** Whether one more level would pass the depth bound. */
    boolean atLimit() {
        return depth >= depthLimit;
    }

    /** How many levels are being computed. */
    int depth() {
        return depth;
    }

    void enter() {
        depth++;
    }

    void leave() {
        depth--;
    }

    void cutShort() {
        cuts[0]++;
    }

    /** How many answers so far were cut short: taken before an answer is computed, to tell whether it was. */
    int cuts() {
        return cuts[0];
    }
}
