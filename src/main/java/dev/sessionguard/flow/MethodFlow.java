package dev.sessionguard.flow;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Path-sensitive ownership analysis of one method. States are not merged at join points (sessions per method are few,
 * so the set of distinct states stays small), which keeps null checks and "closed on one branch only" exact.
 */
final class MethodFlow {
    /** The tracked parameter that stands for {@code this}. */
    static final int RECEIVER = -1;

    /** How many (instruction, state) pairs one method may take before it is reported as too complex. */
    static final int STATE_LIMIT = 200_000;

    enum Status { ABSENT, OPEN, CLOSED, HANDED_ON, LEAKED }

    /** Where a session was opened: a source call, or (for closer inference) a parameter. */
    record Site(int insn, int line, String call) {
    }

    /** How a session was lost on a normal path, at instruction {@code insn}. */
    record Leak(int insn, SessionFinding.Loss loss) {
    }

    /** An exception thrown at instruction {@code insn} that escapes while the session is open. */
    record Escape(int insn, SessionFinding.Escape escape) {
    }

    static final class Result {
        final List<Site> sites = new ArrayList<>();
        final Map<Integer, Leak> leaks = new LinkedHashMap<>();
        final Map<Integer, Escape> escapes = new LinkedHashMap<>();
        final Map<Integer, Integer> closeLines = new LinkedHashMap<>();
        final List<FieldStore> fieldStores = new ArrayList<>();
        boolean returnsOnlyFreshSessions = true;
        boolean returns;
        boolean paramClosedOnAllPaths = true;
        /** Whether every normal exit returns the tracked parameter, itself or wrapped (a pass-through). */
        boolean paramReturnedOnAllPaths = true;
        boolean paramReachedExit;
        /** The exception types that may escape the method (a may-throw summary). */
        final Set<String> thrown = new TreeSet<>();
        String failure;
    }

    /** What one run tracks: the sessions of source calls, one parameter (closer inference), or nothing (may-throw). */
    private enum Mode { SOURCES, PARAMETER, THROWS }

    private final String owner;
    private final MethodNode method;
    private final CallModel calls;
    private final int trackedParam;
    private final Mode mode;
    private final int stateLimit;
    /** Type sets of caught exceptions, interned: a {@link FlowValue.Kind#CAUGHT} value's id indexes this list. */
    private final List<Set<String>> caughtTypes = new ArrayList<>();
    private final Map<Set<String>, Integer> caughtIds = new HashMap<>();
    private final InsnList insns;
    private final int[] lines;
    private final Map<Integer, Integer> siteOfInsn = new LinkedHashMap<>();
    private final List<TryCatchBlockNode>[] handlers;
    private final Result result = new Result();

    /**
     * @param trackedParam in PARAMETER mode, the parameter to track as an owned session (0 = first declared,
     *                     {@link #RECEIVER} = this)
     */
    @SuppressWarnings("unchecked")
    private MethodFlow(String owner, MethodNode method, CallModel calls, Mode mode, int trackedParam, int stateLimit) {
        this.owner = owner;
        this.method = method;
        this.calls = calls;
        this.mode = mode;
        this.trackedParam = trackedParam;
        this.stateLimit = stateLimit;
        this.insns = method.instructions;
        this.lines = new int[insns.size()];
        int line = 0;
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof LineNumberNode ln) {
                line = ln.line;
            }
            lines[i] = line;
        }
        this.handlers = new List[insns.size()];
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            int start = insns.indexOf(tcb.start);
            int end = insns.indexOf(tcb.end);
            for (int i = start; i < end; i++) {
                if (handlers[i] == null) {
                    handlers[i] = new ArrayList<>();
                }
                handlers[i].add(tcb);
            }
        }
    }

    /** Tracks the sessions the method obtains from sources. */
    static Result ofSources(String owner, MethodNode method, CallModel calls) {
        return new MethodFlow(owner, method, calls, Mode.SOURCES, CallModel.NO_ARGUMENT, STATE_LIMIT).run();
    }

    /** Tracks one parameter, to learn whether the method closes it on all paths (an inferred closer). */
    static Result ofParameter(String owner, MethodNode method, CallModel calls, int param) {
        return new MethodFlow(owner, method, calls, Mode.PARAMETER, param, STATE_LIMIT).run();
    }

    /**
     * The exception types that may escape the method: those its throwing instructions may throw that no handler
     * catches, rethrows included. Sessions are not tracked; a method too complex to follow within {@code limit}
     * states fails (its callers then assume it may throw anything).
     */
    static Result ofThrows(String owner, MethodNode method, CallModel calls, int limit) {
        return new MethodFlow(owner, method, calls, Mode.THROWS, CallModel.NO_ARGUMENT, limit).run();
    }

    int lineOf(int insn) {
        return lines[insn];
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A unit of work of the path exploration: a state about to execute an instruction. */
    private record Step(int insn, State state) {
    }

    private final class State {
        final Frame<FlowValue> frame;
        final Status[] status;

        State(Frame<FlowValue> frame, Status[] status) {
            this.frame = frame;
            this.status = status;
        }

        State copy() {
            return new State(new Frame<>(frame), status.clone());
        }

        State withStatus(Status[] other) {
            return new State(new Frame<>(frame), other.clone());
        }

        Object key(int insn) {
            FlowValue[] slots = new FlowValue[frame.getLocals() + frame.getStackSize()];
            for (int i = 0; i < frame.getLocals(); i++) {
                slots[i] = frame.getLocal(i);
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                slots[frame.getLocals() + i] = frame.getStack(i);
            }
            return List.of(insn, Arrays.asList(slots), Arrays.asList(status));
        }

        boolean references(int site) {
            for (int i = 0; i < frame.getLocals(); i++) {
                if (holds(frame.getLocal(i), site)) {
                    return true;
                }
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (holds(frame.getStack(i), site)) {
                    return true;
                }
            }
            return false;
        }

        void replace(FlowValue from, FlowValue to) {
            for (int i = 0; i < frame.getLocals(); i++) {
                if (from.equals(frame.getLocal(i))) {
                    frame.setLocal(i, to);
                }
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (from.equals(frame.getStack(i))) {
                    frame.setStack(i, to);
                }
            }
        }
    }

    private static boolean holds(FlowValue v, int site) {
        return v != null && v.isSession() && v.id == site;
    }

    private Result run() {
        if (insns.size() == 0) {
            return result;
        }
        int siteCount = 0;
        if (mode == Mode.PARAMETER) {
            siteOfInsn.put(-1, siteCount++);
            result.sites.add(new Site(-1, 0, "parameter " + trackedParam));
        }
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof MethodInsnNode call && mode != Mode.PARAMETER && calls.isSource(call)) {
                siteOfInsn.put(i, siteCount++);
                result.sites.add(new Site(i, lines[i], describe(call)));
            }
        }
        if (siteCount == 0 && mode != Mode.THROWS) {
            return result;
        }
        try {
            explore(siteCount);
        } catch (AnalyzerException | RuntimeException e) {
            result.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return result;
    }

    private State initial(int siteCount) {
        Frame<FlowValue> frame = new Frame<>(method.maxLocals, method.maxStack);
        Status[] status = new Status[siteCount];
        Arrays.fill(status, Status.ABSENT);
        int local = 0;
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        if (!isStatic) {
            boolean tracked = mode == Mode.PARAMETER && trackedParam == RECEIVER;
            frame.setLocal(local++, tracked ? FlowValue.session(0) : FlowValue.OTHER);
            if (tracked) {
                status[0] = Status.OPEN;
            }
        }
        Type[] args = Type.getArgumentTypes(method.desc);
        for (int a = 0; a < args.length; a++) {
            if (mode == Mode.PARAMETER && a == trackedParam) {
                frame.setLocal(local, FlowValue.session(0));
                status[0] = Status.OPEN;
            } else {
                frame.setLocal(local, FlowValue.other(args[a].getSize()));
            }
            if (args[a].getSize() == 2) {
                frame.setLocal(local + 1, FlowValue.OTHER);
            }
            local += args[a].getSize();
        }
        for (; local < method.maxLocals; local++) {
            frame.setLocal(local, FlowValue.OTHER);
        }
        return new State(frame, status);
    }

    private void explore(int siteCount) throws AnalyzerException {
        Deque<Step> work = new ArrayDeque<>();
        Set<Object> seen = new HashSet<>();
        State start = initial(siteCount);
        work.push(new Step(0, start));
        int steps = 0;
        Effects effects = new Effects();
        while (!work.isEmpty()) {
            Step item = work.pop();
            int i = item.insn();
            State state = item.state();
            if (i >= insns.size() || !seen.add(state.key(i))) {
                continue;
            }
            if (++steps > stateLimit) {
                throw new AnalyzerException(null, "more than " + stateLimit + " states (method too complex)");
            }
            AbstractInsnNode insn = insns.get(i);
            int type = insn.getType();
            if (type == AbstractInsnNode.LABEL || type == AbstractInsnNode.LINE || type == AbstractInsnNode.FRAME) {
                work.push(new Step(i + 1, state));
                continue;
            }
            State next = state.copy();
            effects.reset(i, next);
            next.frame.execute(insn, effects);
            effects.afterExecute(insn);

            Set<String> thrown = throwMatters(i, state) ? thrownBy(insn, state) : Set.of();
            if (!thrown.isEmpty()) {
                Status[] onThrow = next.status.clone();
                for (int site : effects.opened) {
                    onThrow[site] = state.status[site];
                }
                for (int site : effects.handedOnThrow) {
                    onThrow[site] = Status.HANDED_ON;
                }
                throwEdges(i, state, onThrow, insn, thrown, work);
            }
            int op = insn.getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                normalExit(i, next, effects.returned);
                continue;
            }
            if (op == Opcodes.ATHROW) {
                continue;
            }
            checkLost(i, next, insn);
            successors(i, insn, next, effects, work);
        }
    }

    /**
     * Whether what the instruction may throw changes anything: a handler covers it, a session is open (it may escape),
     * or the method's own may-throw summary is wanted. A closer is one that closes its parameter on every path that
     * completes normally, so closer inference follows no exception. Elsewhere the question, which may read the
     * callee, is not asked.
     */
    private boolean throwMatters(int i, State state) {
        if (mode == Mode.PARAMETER) {
            return false;
        }
        if (mode == Mode.THROWS || handlers[i] != null) {
            return true;
        }
        for (Status s : state.status) {
            if (s == Status.OPEN) {
                return true;
            }
        }
        return false;
    }

    /** What an instruction may throw: a call as the call model says, a throw by what the thrown value may be. */
    private Set<String> thrownBy(AbstractInsnNode insn, State before) {
        if (insn instanceof MethodInsnNode call) {
            return calls.thrownBy(call);
        }
        if (insn.getOpcode() != Opcodes.ATHROW) {
            // lambdas and string concatenation (invokedynamic), field and array access: not worth a path
            return Set.of();
        }
        FlowValue v = before.frame.getStack(before.frame.getStackSize() - 1);
        if (v.kind == FlowValue.Kind.NEW) {
            return Set.of(((TypeInsnNode) insns.get(v.id)).desc);
        }
        if (v.kind == FlowValue.Kind.CAUGHT) {
            return caughtTypes.get(v.id);
        }
        return Set.of(CallModel.ANY);
    }

    /**
     * Follows the exceptions an instruction may throw to the handlers that can catch them, in the order of the
     * exception table: a handler that catches all of a type ends its search, one that may catch part of it (a
     * subtype) passes the rest on. A handler receives the types it catches; what no handler catches escapes.
     */
    private void throwEdges(int i, State before, Status[] status, AbstractInsnNode insn, Set<String> thrown,
                            Deque<Step> work) {
        Set<String> escaping = new TreeSet<>(thrown);
        if (handlers[i] != null) {
            for (TryCatchBlockNode tcb : handlers[i]) {
                Set<String> received = new TreeSet<>();
                for (Iterator<String> it = escaping.iterator(); it.hasNext(); ) {
                    String type = it.next();
                    CallModel.Catch c = calls.catches(tcb.type, type);
                    if (c == CallModel.Catch.ALL) {
                        received.add(type);
                        it.remove();
                    } else if (c == CallModel.Catch.SOME) {
                        received.add(tcb.type);
                    }
                }
                if (!received.isEmpty()) {
                    State h = before.withStatus(status);
                    h.frame.clearStack();
                    h.frame.push(FlowValue.caught(caughtId(received)));
                    work.push(new Step(insns.indexOf(tcb.handler), h));
                }
                if (escaping.isEmpty()) {
                    return;
                }
            }
        }
        result.thrown.addAll(escaping);
        for (int site = 0; site < status.length; site++) {
            if (status[site] == Status.OPEN) {
                Escape e = result.escapes.get(site);
                if (e == null || i < e.insn()) {
                    result.escapes.put(site, new Escape(i, new SessionFinding.Escape(lines[i], thrower(insn))));
                }
            }
        }
    }

    private int caughtId(Set<String> types) {
        return caughtIds.computeIfAbsent(types, t -> {
            caughtTypes.add(t);
            return caughtTypes.size() - 1;
        });
    }

    private void normalExit(int i, State state, FlowValue returned) {
        if (method.desc.endsWith(")V") || returned == null) {
            // void return
        } else if (returned.isSession()) {
            result.returns = true;
        } else {
            result.returns = true;
            result.returnsOnlyFreshSessions = false;
        }
        for (int site = 0; site < state.status.length; site++) {
            Status s = state.status[site];
            if (mode == Mode.PARAMETER && site == 0) {
                result.paramReachedExit = true;
                if (s != Status.CLOSED && s != Status.ABSENT) {
                    result.paramClosedOnAllPaths = false;
                }
                if (returned == null || !returned.isSession() || returned.id != 0) {
                    result.paramReturnedOnAllPaths = false;
                }
            } else if (s == Status.OPEN) {
                leak(site, new Leak(i, new SessionFinding.Loss(SessionFinding.How.OPEN_AT_RETURN, lines[i], null)));
            }
        }
    }

    /** Keeps, per site, the leak that comes first in bytecode order: the message names a path that really leaks. */
    private void leak(int site, Leak leak) {
        Leak known = result.leaks.get(site);
        if (known == null || leak.insn() < known.insn()) {
            result.leaks.put(site, leak);
        }
    }

    private void checkLost(int i, State state, AbstractInsnNode insn) {
        for (int site = 0; site < state.status.length; site++) {
            if (state.status[site] == Status.OPEN && !state.references(site)) {
                SessionFinding.Loss how;
                if (insn.getOpcode() == Opcodes.POP) {
                    how = new SessionFinding.Loss(SessionFinding.How.DISCARDED, lines[i], null);
                } else if (insn instanceof MethodInsnNode m) {
                    how = new SessionFinding.Loss(SessionFinding.How.PASSED_AND_DROPPED, lines[i], m.name + "()");
                } else {
                    how = new SessionFinding.Loss(SessionFinding.How.OVERWRITTEN, lines[i], null);
                }
                if (mode != Mode.PARAMETER || site != 0) {
                    leak(site, new Leak(i, how));
                }
                state.status[site] = Status.LEAKED;
                if (mode == Mode.PARAMETER && site == 0) {
                    result.paramClosedOnAllPaths = false;
                }
            }
        }
    }

    private void successors(int i, AbstractInsnNode insn, State next, Effects effects, Deque<Step> work) {
        int op = insn.getOpcode();
        if (insn instanceof JumpInsnNode jump) {
            int target = insns.indexOf(jump.label);
            if (op == Opcodes.GOTO) {
                work.push(new Step(target, next));
            } else if (op == Opcodes.JSR) {
                State s = next.copy();
                work.push(new Step(target, s));
            } else if ((op == Opcodes.IFNULL || op == Opcodes.IFNONNULL) && effects.tested != null) {
                FlowValue tested = effects.tested;
                boolean nullJumps = op == Opcodes.IFNULL;
                if (tested.kind == FlowValue.Kind.NULL) {
                    work.push(new Step(nullJumps ? target : i + 1, next));
                } else if (tested.isSession() && !(mode == Mode.PARAMETER && tested.id == 0)) {
                    work.push(new Step(nullJumps ? i + 1 : target, next));
                } else if (tested.isSession()) {
                    State isNull = next.copy();
                    isNull.replace(tested, FlowValue.NULL);
                    isNull.status[tested.id] = Status.ABSENT;
                    work.push(new Step(nullJumps ? target : i + 1, isNull));
                    work.push(new Step(nullJumps ? i + 1 : target, next));
                } else {
                    work.push(new Step(target, next));
                    work.push(new Step(i + 1, next.copy()));
                }
            } else if (effects.tested != null && effects.tested.kind == FlowValue.Kind.SESSION_STATE
                    && (op == Opcodes.IFEQ || op == Opcodes.IFNE)) {
                // a branch on the session's own isClosed()/isOpen(): on the "closed" side there is nothing to close
                int site = effects.tested.id / 2;
                boolean trueMeansClosed = effects.tested.id % 2 == 1;
                boolean jumpsWhenTrue = op == Opcodes.IFNE;
                State closed = next.copy();
                if (closed.status[site] == Status.OPEN) {
                    closed.status[site] = Status.CLOSED;
                }
                boolean closedJumps = jumpsWhenTrue == trueMeansClosed;
                work.push(new Step(closedJumps ? target : i + 1, closed));
                work.push(new Step(closedJumps ? i + 1 : target, next));
            } else if (effects.decided != null) {
                // a branch on constants (a flag set along this path): only the feasible side is followed
                work.push(new Step(effects.decided ? target : i + 1, next));
            } else {
                work.push(new Step(target, next));
                work.push(new Step(i + 1, next.copy()));
            }
        } else if (insn instanceof TableSwitchInsnNode ts) {
            work.push(new Step(insns.indexOf(ts.dflt), next));
            for (LabelNode l : ts.labels) {
                work.push(new Step(insns.indexOf(l), next.copy()));
            }
        } else if (insn instanceof LookupSwitchInsnNode ls) {
            work.push(new Step(insns.indexOf(ls.dflt), next));
            for (LabelNode l : ls.labels) {
                work.push(new Step(insns.indexOf(l), next.copy()));
            }
        } else if (op == Opcodes.RET) {
            FlowValue address = next.frame.getLocal(((VarInsnNode) insn).var);
            if (address == null || address.kind != FlowValue.Kind.RETURN_ADDRESS) {
                throw new IllegalStateException("RET without a return address");
            }
            work.push(new Step(address.id, next));
        } else {
            work.push(new Step(i + 1, next));
        }
    }

    private static String describe(MethodInsnNode call) {
        return simple(call.owner) + "." + call.name + "()";
    }

    /** The call that throws, as code ({@code persist()}, {@code new Foo()}), or null for a {@code throw}. */
    private static String thrower(AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode m) {
            return (m.name.equals("<init>") ? "new " + simple(m.owner) : m.name) + "()";
        }
        return null;
    }

    static String simple(String internalName) {
        String s = internalName.substring(internalName.lastIndexOf('/') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }

    /** The interpreter: computes values and records what the current instruction does to sessions. */
    private final class Effects extends Interpreter<FlowValue> {
        private int insn;
        private State state;
        final List<Integer> opened = new ArrayList<>();
        final List<Integer> handedOnThrow = new ArrayList<>();
        FlowValue returned;
        FlowValue tested;
        /** Which way a branch on constants goes (true: it jumps), or null when it is not decided. */
        Boolean decided;
        private FlowValue initialised;
        private FlowValue initialisedAs;

        Effects() {
            super(Opcodes.ASM9);
        }

        void reset(int insn, State state) {
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

        void afterExecute(AbstractInsnNode node) {
            if (initialised != null) {
                state.replace(initialised, initialisedAs);
            }
        }

        private void discharge(FlowValue v, Status how) {
            if (v != null && v.isSession() && state.status[v.id] == Status.OPEN) {
                state.status[v.id] = how;
                if (how == Status.CLOSED) {
                    result.closeLines.putIfAbsent(v.id, lines[insn]);
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
                    return FlowValue.returnAddress(insns.indexOf(node) + 1);
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1:
                    return FlowValue.OTHER_WIDE;
                case Opcodes.LDC:
                    Object cst = ((org.objectweb.asm.tree.LdcInsnNode) node).cst;
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
            switch (node.getOpcode()) {
                case Opcodes.CHECKCAST:
                    return value;
                case Opcodes.IFNULL, Opcodes.IFNONNULL:
                    tested = value;
                    return null;
                case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE:
                    tested = value;
                    if (value.kind == FlowValue.Kind.CONSTANT) {
                        decided = compare(node.getOpcode() - Opcodes.IFEQ, value.id, 0);
                    }
                    return null;
                case Opcodes.PUTSTATIC: {
                    FieldInsnNode f = (FieldInsnNode) node;
                    storeToField(f, value);
                    return null;
                }
                case Opcodes.GETFIELD:
                    return FlowValue.other(Type.getType(((FieldInsnNode) node).desc).getSize());
                case Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D, Opcodes.D2L, Opcodes.LNEG,
                        Opcodes.DNEG:
                    return FlowValue.OTHER_WIDE;
                case Opcodes.L2I, Opcodes.D2I, Opcodes.L2F, Opcodes.D2F:
                    return FlowValue.OTHER;
                default:
                    return node.getOpcode() >= Opcodes.IFEQ && node.getOpcode() <= Opcodes.IFLE
                            || node.getOpcode() == Opcodes.TABLESWITCH || node.getOpcode() == Opcodes.LOOKUPSWITCH
                            || node.getOpcode() == Opcodes.ATHROW || node.getOpcode() == Opcodes.MONITORENTER
                            || node.getOpcode() == Opcodes.MONITOREXIT || node.getOpcode() == Opcodes.POP
                            || (node.getOpcode() >= Opcodes.IRETURN && node.getOpcode() <= Opcodes.ARETURN)
                            ? null : FlowValue.OTHER;
            }
        }

        private void storeToField(FieldInsnNode f, FlowValue value) {
            if (value != null && value.isSession()) {
                result.fieldStores.add(new FieldStore(f.owner, f.name, lines[insn]));
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

        private boolean carriesOpenSession(List<? extends FlowValue> values) {
            for (FlowValue v : values) {
                if (v.isSession() && state.status[v.id] == Status.OPEN) {
                    return true;
                }
            }
            return false;
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
                    if (v.isSession() && state.status[v.id] == Status.OPEN) {
                        initialised = values.get(0);
                        initialisedAs = v;
                        handedOnThrow.add(v.id);
                    }
                }
            }
            if (hasReceiver && values.get(0).isSession() && call.desc.equals("()Z") && SESSION_STATE.contains(call.name)) {
                return FlowValue.sessionState(values.get(0).id, call.name.equals("isClosed"));
            }
            // the call model is asked only when the call carries an open session on: it reads the callee
            int passedThrough = carriesOpenSession(values) ? calls.returnsArgument(call) : CallModel.NO_ARGUMENT;
            int passedIndex = passedThrough == RECEIVER ? (hasReceiver ? 0 : -1) : firstArg + passedThrough;
            if (passedThrough != CallModel.NO_ARGUMENT && passedIndex >= 0 && passedIndex < values.size()) {
                FlowValue v = values.get(passedIndex);
                if (v.isSession() && state.status[v.id] == Status.OPEN) {
                    return v;
                }
            }
            Type ret = Type.getReturnType(call.desc);
            if (ret == Type.VOID_TYPE) {
                return null;
            }
            Integer site = siteOfInsn.get(insn);
            if (site != null) {
                if (state.status[site] == Status.OPEN) {
                    leak(site, new Leak(insn, new SessionFinding.Loss(SessionFinding.How.REOPENED, lines[insn], null)));
                }
                state.status[site] = Status.OPEN;
                opened.add(site);
                return FlowValue.session(site);
            }
            return FlowValue.other(ret.getSize());
        }

        @Override
        public void returnOperation(AbstractInsnNode node, FlowValue value, FlowValue expected) {
            returned = value;
            if (value != null && value.isSession()) {
                if (!(mode == Mode.PARAMETER && value.id == 0)) {
                    if (state.status[value.id] != Status.OPEN) {
                        result.returnsOnlyFreshSessions = false;
                    }
                    discharge(value, Status.HANDED_ON);
                } else {
                    discharge(value, Status.HANDED_ON);
                }
            }
        }

        @Override
        public FlowValue merge(FlowValue a, FlowValue b) {
            throw new UnsupportedOperationException("states are never merged");
        }
    }

    /**
     * Handing a session to a thread-local, a collection or a map stores it for later, as a field store does (a pool's
     * idle list, a session manager's thread-bound session): whoever owns the store closes it.
     */
    private static boolean isStore(MethodInsnNode call) {
        return STORE_OWNERS.contains(call.owner) && STORE_METHODS.contains(call.name);
    }

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

    @Override
    public String toString() {
        return owner + "#" + method.name + Objects.toString(method.desc);
    }
}
