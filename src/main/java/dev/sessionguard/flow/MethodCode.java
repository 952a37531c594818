package dev.sessionguard.flow;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayList;
import java.util.List;

/** A method's instructions as the exploration reads them: by index, with the source line and the handlers of each. */
final class MethodCode {
    final MethodNode method;
    private final InsnList insns;
    private final int[] lines;
    private final List<List<TryCatchBlockNode>> handlers;

    MethodCode(MethodNode method) {
        this.method = method;
        this.insns = method.instructions;
        this.lines = new int[insns.size()];
        int line = 0;
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof LineNumberNode ln) {
                line = ln.line;
            }
            lines[i] = line;
        }
        this.handlers = new ArrayList<>(insns.size());
        for (int i = 0; i < insns.size(); i++) {
            handlers.add(null);
        }
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            for (int i = insns.indexOf(tcb.start); i < insns.indexOf(tcb.end); i++) {
                if (handlers.get(i) == null) {
                    handlers.set(i, new ArrayList<>());
                }
                handlers.get(i).add(tcb);
            }
        }
    }

    int size() {
        return insns.size();
    }

    AbstractInsnNode get(int insn) {
        return insns.get(insn);
    }

    int indexOf(AbstractInsnNode node) {
        return insns.indexOf(node);
    }

    /** The source line of the instruction (0 when the class file has no line numbers). */
    int line(int insn) {
        return lines[insn];
    }

    /** The handlers covering the instruction, in exception-table order; empty when none does. */
    List<TryCatchBlockNode> handlers(int insn) {
        List<TryCatchBlockNode> h = handlers.get(insn);
        return h == null ? List.of() : h;
    }
}
