package dev.sessionguard.flow;

import org.objectweb.asm.tree.MethodInsnNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * May-throw summaries of the methods whose bodies can be read (the analysed code's, and libraries' on the class path): the exception types a method lets escape, transitively (a
 * summary asks for the summaries of the methods it calls). The call model caches them, once per import.
 */
final class ThrowSummaries {
    /** A callee is a small helper as a rule; one too complex to follow within this many states may throw anything. */
    static final int STATE_LIMIT = 2_000;
    /** How deep summaries nest (a helper of a helper of a helper); deeper calls count as what they declare. */
    static final int DEPTH_LIMIT = 3;

    private final Function<MethodInsnNode, List<IndexedCode.Body>> bodies;
    private final CallModel calls;
    private final BoundedRecursion recursion = new BoundedRecursion(DEPTH_LIMIT);

    ThrowSummaries(Function<MethodInsnNode, List<IndexedCode.Body>> bodies, CallModel calls) {
        this.bodies = bodies;
        this.calls = calls;
    }

    /** The recursion the summaries nest in: its depth and cuts say where an answer holds. */
    BoundedRecursion recursion() {
        return recursion;
    }

    /**
     * The summary of a called method: of the body the call resolves to, or for an abstract method of the analysed code
     * of every implementation it has. Empty when no body can be read; any exception when a body is too complex.
     */
    Optional<Set<String>> of(MethodInsnNode call) {
        return of(call, Arguments.NONE);
    }

    /** As {@link #of(MethodInsnNode)}, each body read with what the caller knows of the arguments in place. */
    Optional<Set<String>> of(MethodInsnNode call, Arguments known) {
        if (recursion.atLimit()) {
            recursion.cutShort();
            return Optional.empty();
        }
        List<IndexedCode.Body> found = bodies.apply(call);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        recursion.enter();
        try {
            Set<String> thrown = new TreeSet<>();
            for (IndexedCode.Body body : found) {
                MethodFlow.MayThrow r = MethodFlow.ofThrows(body.method(), calls, STATE_LIMIT, known);
                if (r.failure() != null) {
                    // a body too complex to follow is not one that cannot be read: it may throw anything it can
                    thrown.addAll(declarable(Set.of(CallModel.ANY), body.method().exceptions));
                    continue;
                }
                thrown.addAll(declarable(r.thrown(), body.method().exceptions));
            }
            return Optional.of(Set.copyOf(thrown));
        } finally {
            recursion.leave();
        }
    }

    /**
     * What of a body's escaping types can leave it, as the Java compiler checks: unchecked exceptions, and checked ones
     * the method declares. An escaping type wider than that (a rethrown {@code Exception}) stands for the unchecked ones
     * and the declared ones under it; a checked type the method does not declare cannot leave it. Unknown types stay.
     */
    private Set<String> declarable(Set<String> escaping, List<String> declared) {
        Set<String> kept = new TreeSet<>();
        for (String t : escaping) {
            Boolean unchecked = calls.isSubtype(t, CallModel.UNCHECKED);
            if (unchecked == null || unchecked || calls.isError(t)
                    || declared.stream().anyMatch(d -> !Boolean.FALSE.equals(calls.isSubtype(t, d)))) {
                kept.add(t);
            } else if (Boolean.TRUE.equals(calls.isSubtype(CallModel.UNCHECKED, t))) {
                kept.add(CallModel.UNCHECKED);
                declared.stream().filter(d -> !Boolean.FALSE.equals(calls.isSubtype(d, t))).forEach(kept::add);
            }
        }
        return kept;
    }
}
