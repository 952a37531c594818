package dev.sessionguard.flow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The methods a class's {@code close()} hands its whole work to on the same object ({@code close() { close(null); }},
 * {@code close(Throwable cause) { close(cause, false); }}): calling one of them closes the object as {@code close()}
 * does, whatever flags it is given (a pool's {@code closeMaybeCheckedOut(true)} that runs the same overload).
 */
final class CloseDelegates {
    /** How many hand-overs are followed from {@code close()}. */
    private static final int MAX_LINKS = 4;

    private CloseDelegates() {
    }

    /** {@code name desc} of each method the owner's {@code close()} delegates to, in turn; empty when it does more. */
    static Set<String> of(String owner, Function<MethodInsnNode, List<IndexedCode.Body>> bodies) {
        Set<String> delegates = new HashSet<>();
        MethodInsnNode link = new MethodInsnNode(Opcodes.INVOKESPECIAL, owner, "close", "()V", false);
        for (int i = 0; i < MAX_LINKS; i++) {
            List<IndexedCode.Body> found = bodies.apply(link);
            if (found.size() != 1) {
                break;
            }
            link = delegation(found.get(0).method());
            if (link == null || !delegates.add(link.name + " " + link.desc)) {
                break;
            }
        }
        return delegates;
    }

    /**
     * The call on {@code this} that is the body's whole work (its arguments constants or the method's own parameters,
     * what it returns dropped), or null.
     */
    private static MethodInsnNode delegation(MethodNode m) {
        int parameterSlots = (Type.getArgumentsAndReturnSizes(m.desc) >> 2);
        MethodInsnNode call = null;
        boolean receiverLoaded = false;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int op = insn.getOpcode();
            if (op < 0) {
                continue;
            }
            if (call == null && !receiverLoaded) {
                if (op != Opcodes.ALOAD || ((VarInsnNode) insn).var != 0) {
                    return null;
                }
                receiverLoaded = true;
            } else if (call == null && insn instanceof MethodInsnNode invoke) {
                if (invoke.getOpcode() != Opcodes.INVOKESPECIAL && invoke.getOpcode() != Opcodes.INVOKEVIRTUAL) {
                    return null;
                }
                call = invoke;
            } else if (call == null && !isConstantOrParameter(insn, parameterSlots)) {
                return null;
            } else if (call != null && op != Opcodes.POP && op != Opcodes.POP2 && op != Opcodes.RETURN) {
                return null;
            }
        }
        return call;
    }

    private static boolean isConstantOrParameter(AbstractInsnNode insn, int parameterSlots) {
        int op = insn.getOpcode();
        if (op >= Opcodes.ACONST_NULL && op <= Opcodes.LDC) {
            return true;
        }
        return op >= Opcodes.ILOAD && op <= Opcodes.ALOAD && ((VarInsnNode) insn).var < parameterSlots;
    }
}
