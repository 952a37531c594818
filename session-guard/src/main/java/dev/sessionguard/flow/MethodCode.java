package dev.sessionguard.flow;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A method's instructions as the exploration reads them: by index, with the source line and the handlers of each. */
final class MethodCode {
    /** The string comparisons a dispatch on a name is written with. */
    private static final Set<String> STRING_TESTS = Set.of("equals", "equalsIgnoreCase", "startsWith", "endsWith");
    final MethodNode method;
    private final InsnList insns;
    private final int[] lines;
    private final List<List<TryCatchBlockNode>> handlers;
    /** {@code throw}s that end a switch's default case and do nothing else: an unknown constant, a programming error. */
    private final Set<Integer> defaultGuards = new HashSet<>();

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
        for (int i = 0; i < insns.size(); i++) {
            LabelNode dflt = insns.get(i) instanceof TableSwitchInsnNode t ? t.dflt
                    : insns.get(i) instanceof LookupSwitchInsnNode l ? l.dflt : null;
            if (dflt != null) {
                int guard = throwOnly(insns.indexOf(dflt));
                if (guard >= 0) {
                    defaultGuards.add(guard);
                }
            }
        }
        constantChainDefaults();
        typeChainDefaults();
        nameChainDefaults();
    }

    /**
     * After a chain that tests one local against two or more string constants ({@code type.equals("mysql")},
     * {@code "none".equals(type)}, {@code type.startsWith("h2")}), a throw that a failed test leads to and that only
     * throws: a switch on the name written out, reached by a name nobody knows.
     */
    private void nameChainDefaults() {
        List<JumpInsnNode> elses = new ArrayList<>();
        List<Integer> elseLocals = new ArrayList<>();
        for (int i = 3; i < insns.size(); i++) {
            if (insns.get(i).getOpcode() == Opcodes.IFEQ && insns.get(i - 1) instanceof MethodInsnNode m
                    && m.owner.equals("java/lang/String") && STRING_TESTS.contains(m.name)) {
                int local = nameTested(insns.get(i - 3), insns.get(i - 2));
                if (local >= 0) {
                    elses.add((JumpInsnNode) insns.get(i));
                    elseLocals.add(local);
                }
            }
        }
        guardLastElses(elses, elseLocals);
    }

    /** The local a string test compares with a string constant, either way round, or -1. */
    private static int nameTested(AbstractInsnNode a, AbstractInsnNode b) {
        VarInsnNode local = a instanceof VarInsnNode v ? v : b instanceof VarInsnNode v ? v : null;
        AbstractInsnNode constant = local == a ? b : a;
        if (local == null || local.getOpcode() != Opcodes.ALOAD || !(constant instanceof LdcInsnNode ldc)
                || !(ldc.cst instanceof String)) {
            return -1;
        }
        return local.var;
    }

    /**
     * The last {@code else} of an if/else chain that tests one local's type with two or more {@code instanceof}s, when it
     * only throws: a dispatch on the type that a value of any other type reaches, a caller's error as an unknown
     * constant is.
     */
    private void typeChainDefaults() {
        List<JumpInsnNode> elses = new ArrayList<>();
        List<Integer> elseLocals = new ArrayList<>();
        for (int i = 2; i < insns.size(); i++) {
            if (insns.get(i).getOpcode() == Opcodes.IFEQ && insns.get(i - 1).getOpcode() == Opcodes.INSTANCEOF
                    && insns.get(i - 2) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD) {
                elses.add((JumpInsnNode) insns.get(i));
                elseLocals.add(v.var);
            }
        }
        guardLastElses(elses, elseLocals);
    }

    /**
     * The last {@code else} of an if/else chain that compares one local with two or more constants of a type (its own
     * {@code static final} instances, or an enum's), when it only throws: a switch's default written out.
     */
    private void constantChainDefaults() {
        List<JumpInsnNode> elses = new ArrayList<>();
        List<String> elseKeys = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i).getOpcode() == Opcodes.IF_ACMPNE && i >= 2) {
                String key = constantComparison(insns.get(i - 2), insns.get(i - 1));
                if (key != null) {
                    elses.add((JumpInsnNode) insns.get(i));
                    elseKeys.add(key);
                }
            }
        }
        guardLastElses(elses, elseKeys);
    }

    /**
     * For the tests of a chain (each {@code else} jump with the key of what it tests), the throws that a failed test of a
     * chain of two or more on one key leads to and that only throw.
     */
    private <K> void guardLastElses(List<JumpInsnNode> elses, List<K> keys) {
        Map<K, Integer> tests = new HashMap<>();
        keys.forEach(k -> tests.merge(k, 1, Integer::sum));
        for (int e = 0; e < elses.size(); e++) {
            if (tests.get(keys.get(e)) >= 2) {
                int guard = throwOnly(insns.indexOf(elses.get(e).label));
                if (guard >= 0) {
                    defaultGuards.add(guard);
                }
            }
        }
    }

    /** "local constant-owner" when the two instructions load a local and a constant of a type, either way round. */
    private static String constantComparison(AbstractInsnNode a, AbstractInsnNode b) {
        VarInsnNode local = a instanceof VarInsnNode v ? v : b instanceof VarInsnNode v ? v : null;
        FieldInsnNode constant = a instanceof FieldInsnNode f ? f : b instanceof FieldInsnNode f ? f : null;
        if (local == null || constant == null || local.getOpcode() != Opcodes.ALOAD
                || constant.getOpcode() != Opcodes.GETSTATIC || !constant.desc.equals("L" + constant.owner + ";")) {
            return null;
        }
        return local.var + " " + constant.owner;
    }

    /**
     * The {@code athrow} that the code from {@code start} reaches by only building an exception and its message (no
     * branch, no store: loads, constants, calls that format the message, a localizer's lookup), or -1.
     */
    private int throwOnly(int start) {
        for (int i = start; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            if (op == Opcodes.ATHROW) {
                return i;
            }
            boolean building = op < 0 || op == Opcodes.NEW || op == Opcodes.DUP || op == Opcodes.LDC
                    || op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op == Opcodes.INVOKEDYNAMIC
                    || op >= Opcodes.ICONST_M1 && op <= Opcodes.SIPUSH || op == Opcodes.GETSTATIC || op == Opcodes.GETFIELD
                    || op == Opcodes.CHECKCAST || op == Opcodes.ANEWARRAY || op == Opcodes.AASTORE
                    || insn instanceof MethodInsnNode;
            if (!building) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether the instruction is a {@code throw} that only ends a switch's default case (or a chain's last else). */
    boolean isDefaultGuard(int insn) {
        return defaultGuards.contains(insn);
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
