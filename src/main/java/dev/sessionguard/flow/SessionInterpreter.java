package dev.sessionguard.flow;

import dev.sessionguard.flow.FlowState.Status;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The abstract interpreter of {@link MethodFlow}: computes the values of one instruction and records what it does to
 * sessions (opened, closed, handed on, returned, tested) in the state it runs on and in the {@link Facts}.
 */
final class SessionInterpreter extends Interpreter<FlowValue> {
    /**
     * Handing a session to a thread-local, a collection or a map stores it for later, as a field store does (a pool's
     * idle list, a session manager's thread-bound session): whoever owns the store closes it.
     */
    private static final Set<String> STORE_OWNERS = Set.of("java/lang/ThreadLocal", "java/lang/InheritableThreadLocal",
            "java/util/List", "java/util/ArrayList", "java/util/LinkedList", "java/util/Collection", "java/util/Set",
            "java/util/HashSet", "java/util/Queue", "java/util/Deque", "java/util/ArrayDeque", "java/util/Map",
            "java/util/HashMap", "java/util/concurrent/ConcurrentHashMap", "java/util/concurrent/ConcurrentMap",
            "java/util/concurrent/BlockingQueue", "java/util/concurrent/LinkedBlockingQueue",
            "java/util/concurrent/ConcurrentLinkedQueue", "java/util/concurrent/CopyOnWriteArrayList");
    private static final Set<String> STORE_METHODS = Set.of("set", "add", "addFirst", "addLast", "offer", "offerFirst",
            "offerLast", "push", "put", "putIfAbsent");

    /** A session's own answer to whether it is closed: a branch on it tells the session's state. */
    private static final Set<String> SESSION_STATE = Set.of("isClosed", "isOpen");

    private final MethodCode code;
    private final Map<Integer, Integer> siteOfInsn;
    private final CallModel calls;
    private final Facts facts;
    private final boolean tracksParameter;

    private int insn;
    private FlowState state;
    /** The sites the instruction opened: on its exception edge they are not open yet. */
    final List<Integer> opened = new ArrayList<>();
    /** The sites the instruction hands on even when it throws (a constructor that received the session). */
    final List<Integer> handedOnThrow = new ArrayList<>();
    FlowValue returned;
    /** The value a conditional jump tests. */
    FlowValue tested;
    /** Which way a branch on constants goes (true: it jumps), or null when it is not decided. */
    Boolean decided;
    private FlowValue initialised;
    private FlowValue initialisedAs;

    SessionInterpreter(MethodCode code, Map<Integer, Integer> siteOfInsn, CallModel calls, Facts facts,
                       boolean tracksParameter) {
        super(Opcodes.ASM9);
        this.code = code;
        this.siteOfInsn = siteOfInsn;
        this.calls = calls;
        this.facts = facts;
        this.tracksParameter = tracksParameter;
    }

    /** Prepares to execute instruction {@code insn} on {@code state}, which it changes. */
    void reset(int insn, FlowState state) {
        this.insn = insn;
        this.state = state;
        opened.clear();
        handedOnThrow.clear();
        returned = null;
        tested = null;
        decided = null;
        initialised = null;
        initialisedAs = null;
    }

    /** A new object constructed around a session stands for the session from now on (a wrapper owns it). */
    void afterExecute() {
        if (initialised != null) {
            state.replace(initialised, initialisedAs);
        }
    }

    private void discharge(FlowValue v, Status how) {
        if (v != null && v.isSession() && state.isOpen(v.id)) {
            state.status[v.id] = how;
            if (how == Status.CLOSED) {
                facts.closed(v.id, code.line(insn));
            }
        }
    }

    @Override
    public FlowValue newValue(Type type) {
        if (type == null) {
            return FlowValue.OTHER;
        }
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return FlowValue.other(type.getSize());
    }

    @Override
    public FlowValue newOperation(AbstractInsnNode node) {
        switch (node.getOpcode()) {
            case Opcodes.ACONST_NULL:
                return FlowValue.NULL;
            case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5:
                return FlowValue.constant(node.getOpcode() - Opcodes.ICONST_0);
            case Opcodes.BIPUSH, Opcodes.SIPUSH:
                return FlowValue.constant(((IntInsnNode) node).operand);
            case Opcodes.NEW:
                return FlowValue.newObject(insn);
            case Opcodes.JSR:
                return FlowValue.returnAddress(code.indexOf(node) + 1);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1:
                return FlowValue.OTHER_WIDE;
            case Opcodes.LDC:
                Object cst = ((LdcInsnNode) node).cst;
                return FlowValue.other(cst instanceof Long || cst instanceof Double ? 2 : 1);
            case Opcodes.GETSTATIC:
                return FlowValue.other(Type.getType(((FieldInsnNode) node).desc).getSize());
            default:
                return FlowValue.OTHER;
        }
    }

    @Override
    public FlowValue copyOperation(AbstractInsnNode node, FlowValue value) {
        return value;
    }

    @Override
    public FlowValue unaryOperation(AbstractInsnNode node, FlowValue value) {
        int op = node.getOpcode();
        switch (op) {
            case Opcodes.CHECKCAST:
                return value;
            case Opcodes.IFNULL, Opcodes.IFNONNULL:
                tested = value;
                return null;
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE:
                tested = value;
                if (value.kind == FlowValue.Kind.CONSTANT) {
                    decided = compare(op - Opcodes.IFEQ, value.id, 0);
                }
                return null;
            case Opcodes.PUTSTATIC:
                storeToField((FieldInsnNode) node, value);
                return null;
            case Opcodes.GETFIELD:
                return FlowValue.other(Type.getType(((FieldInsnNode) node).desc).getSize());
            case Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D, Opcodes.D2L, Opcodes.LNEG,
                    Opcodes.DNEG:
                return FlowValue.OTHER_WIDE;
            case Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.ATHROW, Opcodes.MONITORENTER, Opcodes.MONITOREXIT,
                    Opcodes.POP, Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN:
                return null;
            default:
                return FlowValue.OTHER;
        }
    }

    private void storeToField(FieldInsnNode f, FlowValue value) {
        if (value != null && value.isSession()) {
            facts.storedInField(new FieldStore(f.owner, f.name, code.line(insn)));
            discharge(value, Status.HANDED_ON);
        }
    }

    @Override
    public FlowValue binaryOperation(AbstractInsnNode node, FlowValue v1, FlowValue v2) {
        int op = node.getOpcode();
        if (op == Opcodes.PUTFIELD) {
            storeToField((FieldInsnNode) node, v2);
            return null;
        }
        if (op >= Opcodes.IF_ICMPEQ && op <= Opcodes.IF_ICMPLE && v1.kind == FlowValue.Kind.CONSTANT
                && v2.kind == FlowValue.Kind.CONSTANT) {
            decided = compare(op - Opcodes.IF_ICMPEQ, v1.id, v2.id);
        }
        if (op >= Opcodes.IF_ICMPEQ && op <= Opcodes.IF_ACMPNE) {
            return null;
        }
        switch (op) {
            case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB,
                    Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM,
                    Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR:
                return FlowValue.OTHER_WIDE;
            default:
                return FlowValue.OTHER;
        }
    }

    @Override
    public FlowValue ternaryOperation(AbstractInsnNode node, FlowValue v1, FlowValue v2, FlowValue v3) {
        return null;
    }

    @Override
    public FlowValue naryOperation(AbstractInsnNode node, List<? extends FlowValue> values) {
        if (node instanceof InvokeDynamicInsnNode indy) {
            if (isLambda(indy.bsm)) {
                values.forEach(v -> discharge(v, Status.HANDED_ON));
            }
            Type ret = Type.getReturnType(indy.desc);
            return ret == Type.VOID_TYPE ? null : FlowValue.other(ret.getSize());
        }
        if (node.getOpcode() == Opcodes.MULTIANEWARRAY) {
            return FlowValue.OTHER;
        }
        MethodInsnNode call = (MethodInsnNode) node;
        boolean hasReceiver = node.getOpcode() != Opcodes.INVOKESTATIC;
        int firstArg = hasReceiver ? 1 : 0;
        if (hasReceiver && call.name.equals("close") && call.desc.equals("()V")) {
            discharge(values.get(0), Status.CLOSED);
        }
        for (int a = firstArg; a < values.size(); a++) {
            if (calls.closesArgument(call, a - firstArg)) {
                discharge(values.get(a), Status.CLOSED);
            } else if (isStore(call)) {
                discharge(values.get(a), Status.HANDED_ON);
            }
        }
        if (hasReceiver && call.name.equals("<init>") && values.get(0).kind == FlowValue.Kind.NEW) {
            for (int a = 1; a < values.size(); a++) {
                FlowValue v = values.get(a);
                if (v.isSession() && state.isOpen(v.id)) {
                    initialised = values.get(0);
                    initialisedAs = v;
                    handedOnThrow.add(v.id);
                }
            }
        }
        if (hasReceiver && values.get(0).isSession() && call.desc.equals("()Z") && SESSION_STATE.contains(call.name)) {
            return FlowValue.sessionState(values.get(0).id, call.name.equals("isClosed"));
        }
        FlowValue passedOn = passedThrough(call, values, hasReceiver, firstArg);
        if (passedOn != null) {
            return passedOn;
        }
        Type ret = Type.getReturnType(call.desc);
        if (ret == Type.VOID_TYPE) {
            return null;
        }
        Integer site = siteOfInsn.get(insn);
        if (site != null) {
            if (state.isOpen(site)) {
                facts.leak(site, new MethodFlow.Leak(insn,
                        new SessionFinding.Loss(SessionFinding.How.REOPENED, code.line(insn), null)));
            }
            state.status[site] = Status.OPEN;
            opened.add(site);
            return FlowValue.session(site);
        }
        return FlowValue.other(ret.getSize());
    }

    /** The open session a call returns in place of an argument (a wrapper, a fluent method), or null. */
    private FlowValue passedThrough(MethodInsnNode call, List<? extends FlowValue> values, boolean hasReceiver,
                                    int firstArg) {
        // the call model is asked only when the call carries an open session on: it reads the callee
        if (!carriesOpenSession(values)) {
            return null;
        }
        int passedThrough = calls.returnsArgument(call);
        if (passedThrough == CallModel.NO_ARGUMENT) {
            return null;
        }
        int index = passedThrough == MethodFlow.RECEIVER ? (hasReceiver ? 0 : -1) : firstArg + passedThrough;
        if (index < 0 || index >= values.size()) {
            return null;
        }
        FlowValue v = values.get(index);
        return v.isSession() && state.isOpen(v.id) ? v : null;
    }

    private boolean carriesOpenSession(List<? extends FlowValue> values) {
        for (FlowValue v : values) {
            if (v.isSession() && state.isOpen(v.id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void returnOperation(AbstractInsnNode node, FlowValue value, FlowValue expected) {
        returned = value;
        if (value != null && value.isSession()) {
            // a session handed in and given back is the caller's still; one opened here must be open to be "fresh"
            if (!(tracksParameter && value.id == 0) && !state.isOpen(value.id)) {
                facts.returnsSessionNotOpen();
            }
            discharge(value, Status.HANDED_ON);
        }
    }

    @Override
    public FlowValue merge(FlowValue a, FlowValue b) {
        throw new UnsupportedOperationException("states are never merged");
    }

    private static boolean isStore(MethodInsnNode call) {
        return STORE_OWNERS.contains(call.owner) && STORE_METHODS.contains(call.name);
    }

    /** Compares as IFEQ..IFLE (or IF_ICMPEQ..IF_ICMPLE) do, {@code relation} 0 to 5 in that order. */
    private static boolean compare(int relation, int a, int b) {
        return switch (relation) {
            case 0 -> a == b;
            case 1 -> a != b;
            case 2 -> a < b;
            case 3 -> a >= b;
            case 4 -> a > b;
            default -> a <= b;
        };
    }

    private static boolean isLambda(Handle bsm) {
        return bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory");
    }
}
