package dev.sessionguard.flow;

import org.objectweb.asm.tree.MethodInsnNode;

/** What the analysis needs to know of a call: does it open a session, and which arguments does it close. */
interface CallModel {
    /** Whether the call returns a fresh session the caller owns. */
    boolean isSource(MethodInsnNode call);

    /** Whether the call closes its argument at {@code index} (0 = first declared parameter). */
    boolean closesArgument(MethodInsnNode call, int index);

    /** Whether the called method may throw a checked exception (unknown methods may). */
    boolean mayThrowChecked(MethodInsnNode call);

    /** Whether the call constructs an exception (its own failure is not worth a path). */
    boolean constructsThrowable(MethodInsnNode call);
}
