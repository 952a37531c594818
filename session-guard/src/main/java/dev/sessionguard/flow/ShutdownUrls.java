package dev.sessionguard.flow;

import dev.sessionguard.policy.CallFacts;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Whether a source call is given a URL that asks the driver to shut down ({@link CallFacts#SHUTDOWN_URL_FRAGMENTS}): its
 * first {@code String} argument is, on every path, built from a constant holding such a fragment (the constant itself,
 * a {@code StringBuilder}, {@code String.concat} or string concatenation that appends it, or a local that holds one).
 * The method's constants are looked at only when a source call asks, and its frames computed only when one of them
 * holds a fragment, which few methods do.
 */
final class ShutdownUrls {
    private static final int DEPTH = 12;
    private final MethodCode code;
    private Frame<SourceValue>[] frames;
    /** Whether one of the method's constants holds a fragment; null until a source call asks. */
    private Boolean mentionsOne;

    ShutdownUrls(MethodCode code) {
        this.code = code;
    }

    /** Whether the call at {@code index} is given a shutdown URL as its first {@code String} argument. */
    boolean isShutdownRequest(int index, MethodInsnNode call) {
        if (mentionsOne == null) {
            boolean found = false;
            for (int i = 0; i < code.size() && !found; i++) {
                found = constantHolds(code.get(i));
            }
            mentionsOne = found;
        }
        if (!mentionsOne) {
            return false;
        }
        Type[] args = Type.getArgumentTypes(call.desc);
        int url = -1;
        for (int a = 0; a < args.length && url < 0; a++) {
            if (args[a].getDescriptor().equals("Ljava/lang/String;")) {
                url = a;
            }
        }
        Frame<SourceValue> frame = url < 0 ? null : frame(index);
        if (frame == null) {
            return false;
        }
        return holds(frame.getStack(frame.getStackSize() - args.length + url), DEPTH);
    }

    private Frame<SourceValue> frame(int index) {
        if (frames == null) {
            try {
                frames = new Analyzer<>(new SourceInterpreter()).analyze("java/lang/Object", code.method);
            } catch (AnalyzerException e) {
                // code ASM cannot follow is taken at its word: the call may open a session
                return null;
            }
        }
        return frames[index];
    }

    /** Whether every instruction the value may come from builds a string that holds a fragment. */
    private boolean holds(SourceValue value, int depth) {
        if (depth == 0 || value.insns.isEmpty()) {
            return false;
        }
        for (AbstractInsnNode insn : value.insns) {
            if (!builds(insn, depth - 1)) {
                return false;
            }
        }
        return true;
    }

    private boolean builds(AbstractInsnNode insn, int depth) {
        if (constantHolds(insn)) {
            return true;
        }
        int index = code.indexOf(insn);
        Frame<SourceValue> before = frames[index];
        if (before == null) {
            return false;
        }
        if (insn instanceof VarInsnNode v) {
            // a load takes what the local holds; a store what it was given
            if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                return holds(top(before, 0), depth);
            }
            return v.getOpcode() == Opcodes.ALOAD && holds(before.getLocal(v.var), depth);
        }
        if (insn instanceof InvokeDynamicInsnNode indy) {
            for (int a = 0; a < Type.getArgumentTypes(indy.desc).length; a++) {
                if (holds(top(before, a), depth)) {
                    return true;
                }
            }
            return false;
        }
        if (insn instanceof MethodInsnNode call) {
            boolean builder = call.owner.equals("java/lang/StringBuilder") || call.owner.equals("java/lang/StringBuffer");
            if (builder && call.name.equals("toString")) {
                return holds(top(before, 0), depth);
            }
            boolean appends = builder && call.name.equals("append") && Type.getArgumentTypes(call.desc).length == 1;
            if (appends || call.owner.equals("java/lang/String") && call.name.equals("concat")) {
                // what it was appended to, or what was appended
                return holds(top(before, 1), depth) || call.desc.startsWith("(L") && holds(top(before, 0), depth);
            }
        }
        return false;
    }

    private static SourceValue top(Frame<SourceValue> frame, int fromTop) {
        return frame.getStack(frame.getStackSize() - 1 - fromTop);
    }

    private static boolean constantHolds(AbstractInsnNode insn) {
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
            return CallFacts.SHUTDOWN_URL_FRAGMENTS.stream().anyMatch(s::contains);
        }
        if (insn instanceof InvokeDynamicInsnNode indy && indy.name.equals("makeConcatWithConstants")) {
            for (Object a : indy.bsmArgs) {
                if (a instanceof String s && CallFacts.SHUTDOWN_URL_FRAGMENTS.stream().anyMatch(s::contains)) {
                    return true;
                }
            }
        }
        return false;
    }
}
