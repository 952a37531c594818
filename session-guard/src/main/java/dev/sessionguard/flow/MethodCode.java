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
import java.util.function.IntFunction;

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
        // a switch's default written out as an if/else chain over one value: its constants, its type, its name
        chainDefaults(Opcodes.IF_ACMPNE, this::constantTested);
        chainDefaults(Opcodes.IFEQ, this::typeTested);
        chainDefaults(Opcodes.IFEQ, this::nameTested);
    }

    /**
     * The throws that a failed test of a chain leads to, when they only throw: {@code testedAt} names what the test ending
     * in the jump at an index compares (null: no test of the chain's kind), and a chain is two or more tests of one key.
     * The last {@code else} of a dispatch on constants, a type or a name is reached by a value nobody supports.
     */
    private void chainDefaults(int jump, IntFunction<Object> testedAt) {
        List<JumpInsnNode> elses = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            Object key = insns.get(i).getOpcode() == jump ? testedAt.apply(i) : null;
            if (key != null) {
                elses.add((JumpInsnNode) insns.get(i));
                keys.add(key);
            }
        }
        Map<Object, Integer> tests = new HashMap<>();
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

    /**
     * An {@code if_acmpne} comparing one local with a constant of a type (its own {@code static final} instances, or an
     * enum's), either way round: "local constant-owner".
     */
    private String constantTested(int jump) {
        return jump >= 2 ? constantComparison(insns.get(jump - 2), insns.get(jump - 1)) : null;
    }

    /** An {@code ifeq} after {@code local instanceof T}: the local. */
    private Integer typeTested(int jump) {
        return jump >= 2 && insns.get(jump - 1).getOpcode() == Opcodes.INSTANCEOF && insns.get(jump - 2) instanceof VarInsnNode v
                && v.getOpcode() == Opcodes.ALOAD ? v.var : null;
    }

    /**
     * An {@code ifeq} after a string test of one local against a string constant ({@code type.equals("mysql")},
     * {@code "none".equals(type)}, {@code type.startsWith("h2")}), either way round: the local.
     */
    private Integer nameTested(int jump) {
        if (jump < 3 || !(insns.get(jump - 1) instanceof MethodInsnNode m) || !m.owner.equals("java/lang/String")
                || !STRING_TESTS.contains(m.name)) {
            return null;
        }
        AbstractInsnNode a = insns.get(jump - 3);
        AbstractInsnNode b = insns.get(jump - 2);
        VarInsnNode local = a instanceof VarInsnNode v ? v : b instanceof VarInsnNode v ? v : null;
        AbstractInsnNode constant = local == a ? b : a;
        return local != null && local.getOpcode() == Opcodes.ALOAD && constant instanceof LdcInsnNode ldc
                && ldc.cst instanceof String ? local.var : null;
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
