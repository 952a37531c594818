package dev.sessionguard.flow;

import dev.sessionguard.flow.FlowState.Status;
import dev.sessionguard.policy.CallFacts;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The abstract interpreter of {@link MethodFlow}: computes the values of one instruction and records what it does to
 * sessions (opened, closed, handed on, returned, tested) in the state it runs on and in the {@link Facts}.
 */
final class SessionInterpreter extends Interpreter<FlowValue> {

    private final MethodCode code;
    private final Map<Integer, Integer> siteOfInsn;
    private final CallModel calls;
    private final Facts facts;
    private final boolean tracksParameter;
    private final Map<String, Integer> fieldIndex;
    private Set<String> staticFields;
    private final List<Integer> fieldSites;
    /** The sites whose session a pipeline's operators judge (the others keep the rules of ordinary calls). */
    private final Set<Integer> reactiveSessions;

    private int insn;
    private FlowState state;
    /** The sites the instruction opened: on its exception edge they are not open yet. */
    final List<Integer> opened = new ArrayList<>();
    /** The sites the instruction closes with a closer that may fail before its close: on its exception edge they are open. */
    final List<Integer> openOnThrow = new ArrayList<>();
    /** The sessions a call takes over unless it fails first: still the caller's on the call's exception. */
    final List<Integer> untakenOnThrow = new ArrayList<>();
    FlowValue returned;
    /** The value a conditional jump tests. */
    FlowValue tested;
    /** Whether the jump compares {@link #tested} with null ({@code IF_ACMPEQ}/{@code IF_ACMPNE}). */
    boolean nullCompared;
    /** Which way a branch on constants goes (true: it jumps), or null when it is not decided. */
    Boolean decided;
    /** Values that stand for another from the next instruction on (a new object for what it was built around). */
    private final List<FlowValue[]> replacements = new ArrayList<>();

    /** The exceptions built around a caught one: the {@code new} instruction's index, the caught value's id. */
    private final Map<Integer, Integer> causes;
    /** The reads of boolean fields of {@code this} the method never writes: per instruction, the field's index. */
    private final Map<Integer, Integer> flagOfInsn;

    SessionInterpreter(MethodCode code, Map<Integer, Integer> siteOfInsn, CallModel calls, Facts facts,
                       boolean tracksParameter, Map<String, Integer> fieldIndex, List<Integer> fieldSites,
                       Map<Integer, Integer> causes, Map<Integer, Integer> flagOfInsn, Set<Integer> reactiveSessions) {
        super(Opcodes.ASM9);
        this.causes = causes;
        this.flagOfInsn = flagOfInsn;
        this.reactiveSessions = reactiveSessions;
        this.code = code;
        this.siteOfInsn = siteOfInsn;
        this.calls = calls;
        this.facts = facts;
        this.tracksParameter = tracksParameter;
        this.fieldIndex = fieldIndex;
        this.fieldSites = fieldSites;
    }

    /** Prepares to execute instruction {@code insn} on {@code state}, which it changes. */
    void reset(int insn, FlowState state) {
        this.insn = insn;
        this.state = state;
        opened.clear();
        openOnThrow.clear();
        untakenOnThrow.clear();
        returned = null;
        tested = null;
        nullCompared = false;
        decided = null;
        replacements.clear();
    }

    /**
     * An object built around a session, or a local container or array it was put into, stands for the session from
     * now on: a wrapper owns it, a capturer hands it on when it is itself handed on.
     */
    void afterExecute() {
        for (FlowValue[] r : replacements) {
            state.replace(r[0], r[1]);
        }
    }

    private void standsFor(FlowValue object, FlowValue session) {
        replacements.add(new FlowValue[] {object, session});
    }

    /** Closes or hands on the session a value stands for, if it may be open (kept in a field counts). */
    private void discharge(FlowValue v, Status how) {
        if (v != null && v.isSession() && state.mayBeOpen(v.id)) {
            state.status[v.id] = how;
            if (how == Status.CLOSED) {
                facts.closed(v.id, code.line(insn));
            }
        }
    }

    /** Whether a value is a session opened by a source here (not a handed-in parameter, not a field's old value). */
    private boolean isFresh(FlowValue v) {
        return v != null && v.kind == FlowValue.Kind.SESSION && siteOfInsn.containsValue(v.id);
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
                return readField((FieldInsnNode) node);
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
            case Opcodes.ANEWARRAY:
                return FlowValue.newObject(insn);
            case Opcodes.INSTANCEOF:
                return value.isSession() && !value.isCapturer()
                        && calls.ownsWhatItIsGiven(((TypeInsnNode) node).desc)
                        ? FlowValue.typeTest(value.id) : FlowValue.OTHER;
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
                return readField((FieldInsnNode) node);
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

    /**
     * A session field's value: the session this path stored there, or the field's old value (a site of its own that
     * may be null, and counts as possibly open once read); anything else for other fields.
     */
    private FlowValue readField(FieldInsnNode f) {
        Integer flag = flagOfInsn.get(insn);
        if (flag != null) {
            return state.flags[flag] == 0 ? FlowValue.flag(flag) : FlowValue.constant(state.flags[flag] - 1);
        }
        Integer index = fieldIndex.get(f.owner + "." + f.name);
        if (index == null) {
            return FlowValue.other(Type.getType(f.desc).getSize());
        }
        int held = state.holds[index];
        if (held < 0) {
            return FlowValue.OTHER;
        }
        if (state.status[held] == Status.UNREAD) {
            state.status[held] = Status.IN_FIELD;
        }
        if (state.status[held] == Status.ABSENT && facts.sites.get(held).isFieldValue()) {
            // the field's old value was found null on this path, and nothing was stored since: it is null still
            return FlowValue.NULL;
        }
        return FlowValue.session(held);
    }

    /** The static fields (owner.name) the method reads or writes. */
    private Set<String> staticFields() {
        if (staticFields == null) {
            staticFields = new HashSet<>();
            for (int i = 0; i < code.size(); i++) {
                if (code.get(i) instanceof FieldInsnNode f && (f.getOpcode() == Opcodes.GETSTATIC || f.getOpcode() == Opcodes.PUTSTATIC)) {
                    staticFields.add(f.owner + "." + f.name);
                }
            }
        }
        return staticFields;
    }

    /**
     * A method of the class that declares a session field (or of a type in its hierarchy) may store into it: what the
     * path found of the field's old value (null) no longer holds, and the value is as unknown as before it was read.
     */
    private void forgetNullFields(String owner, boolean isStatic) {
        fieldIndex.forEach((field, index) -> {
            int held = state.holds[index];
            // a static method reaches an instance's fields only through an instance it is given: not this one's
            if (held >= 0 && state.status[held] == Status.ABSENT && facts.sites.get(held).isFieldValue()
                    && (!isStatic || staticFields().contains(field))) {
                String declaring = field.substring(0, field.lastIndexOf('.'));
                if (declaring.equals(owner) || Boolean.TRUE.equals(calls.isSubtype(owner, declaring))
                        || Boolean.TRUE.equals(calls.isSubtype(declaring, owner))) {
                    state.status[held] = Status.UNREAD;
                }
            }
        });
    }

    /**
     * A method of the object's own that closes what a session field holds (or finds it null) on every path, a
     * {@code disconnect()}, closes the session the field holds here: {@code if (conn != null) disconnect();} before a
     * store leaves nothing open in the field.
     */
    private void releaseFields(MethodInsnNode call) {
        fieldIndex.forEach((field, index) -> {
            int held = state.holds[index];
            if (held >= 0 && state.mayBeOpen(held) && calls.releasesField(call, field)) {
                discharge(FlowValue.session(held), Status.CLOSED);
            }
        });
    }

    /**
     * A store into a field hands the session on; a fresh session stored where the field may still hold an open one
     * that nobody closed (its old value read and not closed, an earlier attempt's session) is an overwrite.
     */
    private void storeToField(FieldInsnNode f, FlowValue value) {
        if (value == FlowValue.THIS) {
            facts.thisEscapes();
        }
        Integer index = fieldIndex.get(f.owner + "." + f.name);
        if (index != null) {
            int held = state.holds[index];
            if (isFresh(value) && held >= 0 && held != value.id && state.status[held] == Status.IN_FIELD) {
                facts.overwrite(new MethodFlow.Overwrite(insn, code.line(insn), f.name, siteInsn(value.id),
                        facts.sites.get(value.id).call()));
            }
            if (held >= 0 && !(value != null && value.isSession() && value.id == held) && siteOfInsn.containsValue(held)
                    && state.status[held] == Status.IN_FIELD && !referencedBesides(held, index)) {
                // the field held the only reference to a session this method opened and left open: storing over it
                // (null after a failed check, another value) drops it
                facts.leak(held, new MethodFlow.Leak(insn, new SessionFinding.Loss(SessionFinding.How.OVERWRITTEN,
                        code.line(insn), null)));
                state.status[held] = Status.ABSENT;
            }
            state.holds[index] = isFresh(value) ? value.id : -1;
        }
        if (value != null && value.isSession()) {
            if (isFresh(value) && state.isOpen(value.id)) {
                FieldStore store = new FieldStore(f.owner, f.name, code.line(insn));
                facts.storedInField(value.id, store);
                state.status[value.id] = index != null ? Status.IN_FIELD : Status.HANDED_ON;
            } else {
                discharge(value, Status.HANDED_ON);
            }
        }
    }

    /** Whether a local, a stack slot or another session field of this path still refers to the site's session. */
    private boolean referencedBesides(int site, int field) {
        for (int l = 0; l < state.frame.getLocals(); l++) {
            FlowValue v = state.frame.getLocal(l);
            if (v != null && v.isSession() && v.id == site) {
                return true;
            }
        }
        for (int k = 0; k < state.frame.getStackSize(); k++) {
            FlowValue v = state.frame.getStack(k);
            if (v != null && v.isSession() && v.id == site) {
                return true;
            }
        }
        for (int f = 0; f < state.holds.length; f++) {
            if (f != field && state.holds[f] == site) {
                return true;
            }
        }
        return false;
    }

    private int siteInsn(int site) {
        return facts.sites.get(site).insn();
    }

    @Override
    public FlowValue binaryOperation(AbstractInsnNode node, FlowValue v1, FlowValue v2) {
        int op = node.getOpcode();
        if (op == Opcodes.PUTFIELD) {
            if (v1 == FlowValue.THIS && v2 != null && v2.isSession() && isFresh(v2) && state.isOpen(v2.id)) {
                facts.keptByThis(v2.id);
            }
            storeToField((FieldInsnNode) node, v2);
            return null;
        }
        if (op >= Opcodes.IF_ICMPEQ && op <= Opcodes.IF_ICMPLE && v1.kind == FlowValue.Kind.CONSTANT
                && v2.kind == FlowValue.Kind.CONSTANT) {
            decided = compare(op - Opcodes.IF_ICMPEQ, v1.id, v2.id);
        }
        if ((op == Opcodes.IF_ACMPEQ || op == Opcodes.IF_ACMPNE)
                && (v1.kind == FlowValue.Kind.NULL) != (v2.kind == FlowValue.Kind.NULL)) {
            tested = v1.kind == FlowValue.Kind.NULL ? v2 : v1;
            nullCompared = true;
        }
        if (op >= Opcodes.IF_ICMPEQ && op <= Opcodes.IF_ACMPNE) {
            return null;
        }
        if (op == Opcodes.AALOAD && v1.isCapturer()) {
            // an element of a local array that holds a session may be that session
            return FlowValue.session(v1.id);
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
        if (v3 == FlowValue.THIS) {
            facts.thisEscapes();
        }
        if (node.getOpcode() == Opcodes.AASTORE && v3.isSession() && state.mayBeOpen(v3.id)) {
            keep(v1, v3);
        }
        return null;
    }

    /**
     * A session put into a container: a local one (built here) stands for it from now on and hands it on when it is
     * itself handed on, so a local container that is dropped leaks it; any other container takes it.
     */
    private void keep(FlowValue container, FlowValue session) {
        if (container.kind == FlowValue.Kind.NEW) {
            standsFor(container, FlowValue.capturer(session.id));
        } else if (!(container.isCapturer() && container.id == session.id)) {
            discharge(session, Status.HANDED_ON);
        }
    }

    @Override
    public FlowValue naryOperation(AbstractInsnNode node, List<? extends FlowValue> values) {
        if (node instanceof MethodInsnNode m) {
            forgetNullFields(m.owner, m.getOpcode() == Opcodes.INVOKESTATIC);
        }
        // the object under construction given to anyone (a call's argument, a capture) may outlive its constructor's
        // exception, and so may one whose own method runs that is not private (a Thread's start(), a registration);
        // the super constructor and the class's private methods give it to nobody
        boolean onReceiver = node instanceof MethodInsnNode && node.getOpcode() != Opcodes.INVOKESTATIC;
        if (onReceiver && values.get(0) == FlowValue.THIS && !((MethodInsnNode) node).name.equals("<init>")
                && !calls.isPrivate((MethodInsnNode) node)) {
            facts.thisEscapes();
        }
        for (int k = onReceiver ? 1 : 0; k < values.size(); k++) {
            if (values.get(k) == FlowValue.THIS) {
                facts.thisEscapes();
            }
        }
        if (node instanceof InvokeDynamicInsnNode indy) {
            Type ret = Type.getReturnType(indy.desc);
            if (isLambda(indy.bsm)) {
                // a lambda that captures a session stands for it, and hands it on when it is itself handed on
                FlowValue captured = null;
                int position = -1;
                for (int k = 0; k < values.size(); k++) {
                    FlowValue v = values.get(k);
                    if (v.isSession() && state.mayBeOpen(v.id)) {
                        if (captured == null) {
                            captured = v;
                            position = k;
                        } else {
                            discharge(v, Status.HANDED_ON);
                        }
                    }
                }
                return captured == null ? FlowValue.lambda(insn) : position < 256
                        ? FlowValue.lambdaCapturer(captured.id, insn, position) : FlowValue.capturer(captured.id);
            }
            return ret == Type.VOID_TYPE ? null : FlowValue.other(ret.getSize());
        }
        if (node.getOpcode() == Opcodes.MULTIANEWARRAY) {
            return FlowValue.OTHER;
        }
        MethodInsnNode call = (MethodInsnNode) node;
        boolean hasReceiver = node.getOpcode() != Opcodes.INVOKESTATIC;
        int firstArg = hasReceiver ? 1 : 0;
        if (hasReceiver && (values.get(0) == FlowValue.THIS || values.get(0) == FlowValue.SELF)) {
            releaseFields(call);
        }
        if (hasReceiver && call.name.equals("close") && call.desc.equals("()V")) {
            discharge(values.get(0), Status.CLOSED);
        } else if (hasReceiver && values.get(0).kind == FlowValue.Kind.SESSION && state.mayBeOpen(values.get(0).id)
                && calls.closesReceiver(call)) {
            // a method that ends with its own close on every path closes the session it is called on
            closesUnlessItFails(call, values, firstArg, 0);
            discharge(values.get(0), Status.CLOSED);
        }
        if (hasReceiver && call.name.equals(CallFacts.POOL_MANAGER_LISTENS) && values.get(0).kind == FlowValue.Kind.SESSION
                && state.mayBeOpen(values.get(0).id) && isPooledConnection(call.owner)) {
            // the listener is the pool manager: it closes or reuses the pooled connection when its handle is closed
            discharge(values.get(0), Status.HANDED_ON);
        }
        if (hasReceiver && call.name.equals("close") && call.desc.startsWith("()") && !call.desc.equals("()V")
                && values.get(0).kind == FlowValue.Kind.SESSION && !values.get(0).isPending() && calls.isSessionType(call.owner)) {
            // a reactive session's close hands back the pipeline that completes when it is closed
            discharge(values.get(0), Status.CLOSED);
        }
        if (carriesReactiveSession(values) && calls.isPipelineType(call.owner)) {
            return pipeline(call, values, hasReceiver);
        }
        boolean keeps = calls.keeps(call);
        boolean init = hasReceiver && call.name.equals("<init>") && values.get(0).kind == FlowValue.Kind.NEW;
        if (init) {
            for (int a = 1; a < values.size(); a++) {
                if (values.get(a).kind == FlowValue.Kind.CAUGHT) {
                    causes.put(values.get(0).id, values.get(a).id);
                }
            }
        }
        if (hasReceiver && values.get(0).kind == FlowValue.Kind.LAMBDA) {
            closedByLambda((InvokeDynamicInsnNode) code.get(values.get(0).id), values);
        }
        FlowValue passedOn = passedThrough(call, values, hasReceiver, firstArg);
        for (int a = firstArg; a < values.size(); a++) {
            FlowValue v = values.get(a);
            if (passedOn != null && v.id == passedOn.id && v.isSession()) {
                continue;
            }
            if (calls.closesArgument(call, a - firstArg) || closesGiven(call, values, firstArg, a)) {
                closesUnlessItFails(call, values, firstArg, a);
                discharge(v, Status.CLOSED);
            } else if (keeps && v.isSession() && hasReceiver) {
                keep(values.get(0), v);
            } else if (keeps && v.isSession()) {
                discharge(v, Status.HANDED_ON);
            } else if (v.kind == FlowValue.Kind.SESSION && state.mayBeOpen(v.id) && hasReceiver && values.get(0) == FlowValue.THIS
                    && call.name.equals("<init>") && calls.delegateTakes(call, a - firstArg)) {
                // this(session) or super(session) that stores it: the object under construction holds it, as a store
                // into its own field would (and loses it with itself if this constructor then throws)
                if (isFresh(v) && state.isOpen(v.id)) {
                    facts.keptByThis(v.id);
                    state.status[v.id] = Status.IN_FIELD;
                } else {
                    discharge(v, Status.HANDED_ON);
                }
            } else if (v.kind == FlowValue.Kind.SESSION && state.mayBeOpen(v.id) && calls.takesArgument(call, a - firstArg)) {
                // a method that stores, keeps or closes what it is given on every path takes it over, but an exception
                // it lets out before it has (a configuration call on the session, then the store) leaves it the caller's
                if (calls.failsBeforeTaking(call, a - firstArg, declaredArguments(values, firstArg))) {
                    untakenOnThrow.add(v.id);
                }
                discharge(v, Status.HANDED_ON);
            } else if (v.isCapturer() && !init && !CallFacts.isLogger(call.owner)) {
                // a callback, a container or an array given to someone: it takes what it captured (a logger only
                // reads the message a supplier builds)
                discharge(v, Status.HANDED_ON);
            }
        }
        if (init) {
            // the new object stands for the session from now on; if its constructor throws, the object never exists
            // and the session is still the caller's (the throw edge keeps the state before the replacement)
            boolean owns = calls.ownsWhatItIsGiven(call.owner);
            for (int a = 1; a < values.size(); a++) {
                FlowValue v = values.get(a);
                if (v.isSession() && state.mayBeOpen(v.id)) {
                    standsFor(values.get(0), owns && !v.isCapturer() ? v : FlowValue.capturer(v.id));
                    break;
                }
            }
        }
        if (hasReceiver && values.get(0).isCapturer() && state.mayBeOpen(values.get(0).id) && !keeps
                && calls.isKeeper(call.owner) && Type.getReturnType(call.desc).getSort() >= Type.ARRAY) {
            // what is taken out of a local container (an element, an iterator) may be the session
            discharge(values.get(0), Status.HANDED_ON);
        }
        if (hasReceiver && values.get(0).isSession() && call.desc.equals("()Z") && CallFacts.SESSION_STATE_QUERIES.contains(call.name)) {
            return FlowValue.sessionState(values.get(0).id, call.name.equals("isClosed"));
        }
        if (passedOn != null) {
            return passedOn;
        }
        Type ret = Type.getReturnType(call.desc);
        if (ret == Type.VOID_TYPE) {
            return null;
        }
        if (keeps && !hasReceiver) {
            // Optional.of(session), List.of(session): the container stands for it
            for (FlowValue v : values) {
                if (v.isSession() && state.mayBeOpen(v.id)) {
                    return FlowValue.capturer(v.id);
                }
            }
        }
        if (hasReceiver && !init && values.get(0).kind == FlowValue.Kind.SESSION && state.isOpen(values.get(0).id)
                && ret.getSort() == Type.OBJECT && calls.isSessionType(ret.getInternalName()) && !isFreshPooled(call, values.get(0).id)) {
            // a session obtained from an open session is a view of it (the handle of a pooled connection a pool hands
            // out, a proxy it hands out): closing or handing on the view releases the session it came from
            return FlowValue.session(values.get(0).id);
        }
        if (hasReceiver && !init && values.get(0).isCapturer() && state.isOpen(values.get(0).id)
                && ret.getSort() == Type.OBJECT && calls.isSessionType(ret.getInternalName())) {
            // an object that holds the session and hands out a session hands out that one (a proxy it is the invocation
            // handler of, a supplier that captured it): closing or handing on what it gave releases the session
            return FlowValue.session(values.get(0).id);
        }
        Integer site = siteOfInsn.get(insn);
        if (site != null && hasReceiver && values.get(0) == FlowValue.SELF && calls.isOwnSession(call)) {
            // a unit of work asking its own source for its session may be using the one it holds (its close() releases
            // it): the method answers for it only if it hands it out (a pool's getConnection() that creates one)
            facts.ownSession(site);
        }
        if (site != null) {
            releaseFromFields(site);
            if (state.isOpen(site) && !state.holdsCapturerOf(site)) {
                // a loop that fills a local list or array keeps the previous sessions there: not lost by reopening
                facts.leak(site, new MethodFlow.Leak(insn,
                        new SessionFinding.Loss(SessionFinding.How.REOPENED, code.line(insn), null)));
            }
            state.status[site] = Status.OPEN;
            opened.add(site);
            return ret.getSort() == Type.OBJECT && calls.isPipelineType(ret.getInternalName())
                    ? FlowValue.pending(site) : FlowValue.session(site);
        }
        return FlowValue.other(ret.getSize());
    }

    /**
     * Whether the call is on a pooled connection fresh from its data source, which no pool manager listens to: the
     * handle it gives out is neither a view of it nor a session of its own ({@link CallFacts#POOLED_CONNECTION}).
     */
    private boolean isFreshPooled(MethodInsnNode call, int site) {
        if (!isPooledConnection(call.owner) || siteInsn(site) < 0 || !(code.get(siteInsn(site)) instanceof MethodInsnNode source)) {
            return false;
        }
        return CallFacts.FRESH_POOLED_CONNECTIONS.stream().anyMatch(m -> source.name.equals(m.methodName())
                && Boolean.TRUE.equals(calls.isSubtype(source.owner, m.ownerType().replace('.', '/'))));
    }

    private boolean isPooledConnection(String owner) {
        return Boolean.TRUE.equals(calls.isSubtype(owner, CallFacts.POOLED_CONNECTION.replace('.', '/')));
    }

    /** Notes a session a closer closes that stays open on the closer's exception, when the closer can fail before closing. */
    private void closesUnlessItFails(MethodInsnNode call, List<? extends FlowValue> values, int firstArg, int a) {
        FlowValue v = values.get(a);
        if (v.kind != FlowValue.Kind.SESSION || !state.mayBeOpen(v.id)) {
            return;
        }
        Arguments known = declaredArguments(values, firstArg);
        if (calls.failsBeforeClosing(call, a < firstArg ? MethodFlow.RECEIVER : a - firstArg, known)) {
            openOnThrow.add(v.id);
        }
    }

    /**
     * Whether a call that does not close argument {@code a} as such closes it with the constants and nulls this path
     * passes for the others: asked only of an open session, so that most calls are never read twice.
     */
    private boolean closesGiven(MethodInsnNode call, List<? extends FlowValue> values, int firstArg, int a) {
        FlowValue v = values.get(a);
        if (v.kind != FlowValue.Kind.SESSION || !state.mayBeOpen(v.id)) {
            return false;
        }
        Arguments known = declaredArguments(values, firstArg);
        return known != null && calls.closesArgumentGiven(call, a - firstArg, known);
    }

    /** What this path knows of a call's declared arguments (constants, nulls), or null when nothing. */
    private static Arguments declaredArguments(List<? extends FlowValue> values, int firstArg) {
        return Arguments.of(List.copyOf(values.subList(firstArg, values.size())));
    }

    private boolean carriesReactiveSession(List<? extends FlowValue> values) {
        for (FlowValue v : values) {
            if (isReactive(v) && state.mayBeOpen(v.id)) {
                return true;
            }
        }
        return false;
    }

    /** A pipeline that hands out a session, a reactive session, or a lambda that captured either. */
    private boolean isReactive(FlowValue v) {
        return v.isPending() || v.isSession() && reactiveSessions.contains(v.id);
    }

    /**
     * A pipeline operator ({@code Mono}, {@code Uni}, {@code CompletionStage}, Vert.x {@code Future}) given a session, a
     * pipeline that hands one out, or a lambda that captured one: what becomes of the session follows from what the
     * operator does with what the pipeline emits ({@link CallFacts#PIPELINE_KEEPING},
     * {@link CallFacts#PIPELINE_TRANSFORMING}, {@link CallFacts#PIPELINE_SCOPES}) and from what the lambdas it is given do
     * with their parameter; an operator or a lambda the analysis cannot read is a warning, never a guess.
     */
    private FlowValue pipeline(MethodInsnNode call, List<? extends FlowValue> values, boolean hasReceiver) {
        for (int a = hasReceiver ? 1 : 0; a < values.size(); a++) {
            FlowValue v = values.get(a);
            if (v.isCapturer() && state.mayBeOpen(v.id)) {
                if (isReactive(v)) {
                    capturedBy(call, v);
                } else {
                    // a callback given a synchronous session: it takes what it captured, as with any call
                    discharge(v, Status.HANDED_ON);
                }
            }
        }
        FlowValue result = null;
        for (int a = 0; a < values.size(); a++) {
            FlowValue v = values.get(a);
            if (v.kind != FlowValue.Kind.SESSION || !state.isOpen(v.id) || !isReactive(v)) {
                continue;
            }
            FlowValue r = v.isPending() ? operator(call, values, hasReceiver, a, v) : wrapped(call, v);
            if (result == null) {
                result = r;
            }
        }
        Type ret = Type.getReturnType(call.desc);
        if (ret == Type.VOID_TYPE) {
            return null;
        }
        return result != null ? result : FlowValue.other(ret.getSize());
    }

    /** A session given to a pipeline operator as a value: {@code Mono.just(c)} is a pipeline that hands it out. */
    private FlowValue wrapped(MethodInsnNode call, FlowValue session) {
        if (CallFacts.PIPELINE_KEEPING.contains(call.name)) {
            return emitted(call, session.id);
        }
        unfollowed(session.id, call, "an operator the analysis does not know");
        return null;
    }

    /** What an operator that emits what its pipeline emits returns: the pipeline, or the session it gives out. */
    private FlowValue emitted(MethodInsnNode call, int site) {
        Type ret = Type.getReturnType(call.desc);
        if (ret.getSort() != Type.OBJECT) {
            return null;
        }
        return calls.isPipelineType(ret.getInternalName()) ? FlowValue.pending(site) : FlowValue.session(site);
    }

    /** An operator on (or given) a pipeline that hands out the session of {@code handle}, at {@code values} index {@code a}. */
    private FlowValue operator(MethodInsnNode call, List<? extends FlowValue> values, boolean hasReceiver, int a,
                               FlowValue handle) {
        int site = handle.id;
        int shift = hasReceiver ? 1 : 0;
        Integer cleanup = CallFacts.PIPELINE_SCOPES.get(call.name);
        if (cleanup != null && a == shift) {
            // usingWhen(resource, work, cleanup): the resource is closed when the cleanup closes what it is given
            MethodFlow.ParameterFate f = cleanup + shift < values.size() ? itemFate(values.get(cleanup + shift)) : null;
            if (f == null) {
                unfollowed(site, call, "its cleanup is no lambda or method reference that receives the session");
            } else if (followed(site, call, f)) {
                if (f.closes()) {
                    discharge(handle, Status.CLOSED);
                } else {
                    lost(site, call);
                }
            }
            return null;
        }
        boolean received = false;
        boolean passes = false;
        for (int b = 0; b < values.size(); b++) {
            MethodFlow.ParameterFate f = b == a ? null : itemFate(values.get(b));
            if (f == null) {
                continue;
            }
            received = true;
            if (!followed(site, call, f)) {
                return null;
            }
            if (f.closes()) {
                discharge(handle, Status.CLOSED);
                return null;
            }
            if (f.passesThrough()) {
                passes = true;
            } else if (f.takes()) {
                discharge(handle, Status.HANDED_ON);
                return null;
            }
        }
        if (passes || CallFacts.PIPELINE_KEEPING.contains(call.name)) {
            return emitted(call, site);
        }
        if (CallFacts.PIPELINE_TRANSFORMING.contains(call.name)
                && (received || call.name.equals("subscribe") && call.desc.startsWith("()"))) {
            // the function given what the pipeline emits neither closes nor hands on the session: it is lost there
            lost(site, call);
            return null;
        }
        unfollowed(site, call, "an operator the analysis does not know");
        return null;
    }

    /** A lambda that captured a session, given to a pipeline operator: what its body does with the session. */
    private void capturedBy(MethodInsnNode call, FlowValue capturer) {
        int indy = capturer.lambdaInsn();
        if (indy < 0) {
            // a local container or an object built around it, given to someone: it takes what it holds
            discharge(capturer, Status.HANDED_ON);
            return;
        }
        InvokeDynamicInsnNode lambda = (InvokeDynamicInsnNode) code.get(indy);
        if (lambda.bsmArgs.length < 2 || !(lambda.bsmArgs[1] instanceof Handle impl)) {
            unfollowed(capturer.id, call, "the lambda given to it cannot be read");
            return;
        }
        int position = capturer.capturedPosition();
        boolean receiverFirst = impl.getTag() != Opcodes.H_INVOKESTATIC && impl.getTag() != Opcodes.H_NEWINVOKESPECIAL;
        int param = receiverFirst ? position - 1 : position;
        MethodFlow.ParameterFate f = calls.lambdaFate(impl.getOwner(), impl.getName(), impl.getDesc(), param);
        if (!followed(capturer.id, call, f)) {
            return;
        }
        if (f.closes()) {
            discharge(capturer, Status.CLOSED);
        } else if (f.takes()) {
            discharge(capturer, Status.HANDED_ON);
        }
        // else the lambda only uses the session: it is still the caller's to close
    }

    /**
     * What a lambda or method reference given to an operator does with the session the pipeline emits: the fate of its
     * first parameter of a session type, or null when it receives none (a {@code doFinally} signal, a Vert.x result).
     */
    private MethodFlow.ParameterFate itemFate(FlowValue function) {
        int indy = function.kind == FlowValue.Kind.LAMBDA ? function.id : function.lambdaInsn();
        if (indy < 0) {
            return null;
        }
        InvokeDynamicInsnNode lambda = (InvokeDynamicInsnNode) code.get(indy);
        if (lambda.bsmArgs.length < 3 || !(lambda.bsmArgs[1] instanceof Handle impl)
                || !(lambda.bsmArgs[2] instanceof Type instantiated)) {
            return null;
        }
        int captured = Type.getArgumentTypes(lambda.desc).length;
        Type[] items = instantiated.getArgumentTypes();
        for (int j = 0; j < items.length; j++) {
            if (items[j].getSort() == Type.OBJECT && calls.isSessionType(items[j].getInternalName())) {
                return calls.lambdaFate(impl.getOwner(), impl.getName(), impl.getDesc(), implParameter(impl, captured, j));
            }
        }
        return null;
    }

    /**
     * The parameter of a lambda's implementation that receives the functional interface's argument {@code arg}, given
     * how many values it captured: after them for a static body or a constructor, the receiver
     * ({@link MethodFlow#RECEIVER}) and then the rest for an unbound method reference, after a bound receiver else.
     */
    private static int implParameter(Handle impl, int captured, int arg) {
        boolean noReceiver = impl.getTag() == Opcodes.H_INVOKESTATIC || impl.getTag() == Opcodes.H_NEWINVOKESPECIAL;
        if (noReceiver) {
            return captured + arg;
        }
        return captured == 0 ? arg - 1 : captured - 1 + arg;
    }

    /** Whether the fate can be followed; if not, the session is a warning from here on (never a guessed leak). */
    private boolean followed(int site, MethodInsnNode call, MethodFlow.ParameterFate f) {
        if (f.unfollowed() != null && f.unfollowed().contains("() at line ")) {
            // where the lambda's body lost track of it says most
            if (state.mayBeOpen(site)) {
                state.status[site] = Status.HANDED_ON;
            }
            facts.unfollowed(site, f.unfollowed());
            return false;
        }
        if (f.unfollowed() != null) {
            unfollowed(site, call, f.unfollowed());
            return false;
        }
        if (f.failure() != null) {
            unfollowed(site, call, "the lambda given to it could not be analysed: " + f.failure());
            return false;
        }
        return true;
    }

    private void unfollowed(int site, MethodInsnNode call, String why) {
        if (state.mayBeOpen(site)) {
            state.status[site] = Status.HANDED_ON;
        }
        facts.unfollowed(site, MethodFlow.simple(call.owner) + "." + call.name + "() at line " + code.line(insn)
                + " receives it (" + why + ")");
    }

    /** The session is lost in what the operator does with it (the function given it neither closes nor hands it on). */
    private void lost(int site, MethodInsnNode call) {
        state.status[site] = Status.LEAKED;
        if (tracksParameter && site == 0) {
            facts.parameterLost();
        } else {
            facts.leak(site, new MethodFlow.Leak(insn, new SessionFinding.Loss(SessionFinding.How.PASSED_AND_DROPPED,
                    code.line(insn), call.name + "()")));
        }
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
            return wrapped(call, values, firstArg);
        }
        int index = passedThrough == MethodFlow.RECEIVER ? (hasReceiver ? 0 : -1) : firstArg + passedThrough;
        if (index < 0 || index >= values.size()) {
            return null;
        }
        FlowValue v = values.get(index);
        // what wraps a capturer (a proxy around its handler) is the session from now on
        return v.isSession() && state.isOpen(v.id) ? FlowValue.session(v.id) : null;
    }

    /**
     * A call that is given one open session and returns a session type, without being a source, hands out a session
     * derived from it (a proxy, a logical handle, a decorator), whatever its body does on the way: the result stands
     * for the session, as a view obtained from it does. If the call throws, the session is still the caller's.
     */
    private FlowValue wrapped(MethodInsnNode call, List<? extends FlowValue> values, int firstArg) {
        Type ret = Type.getReturnType(call.desc);
        if (ret.getSort() != Type.OBJECT || !calls.isSessionType(ret.getInternalName()) || calls.isSource(call)) {
            return null;
        }
        FlowValue given = null;
        for (int a = firstArg; a < values.size(); a++) {
            FlowValue v = values.get(a);
            if (v.kind == FlowValue.Kind.SESSION && state.isOpen(v.id)) {
                if (given != null && given.id != v.id) {
                    return null;
                }
                given = v;
            }
        }
        return given == null ? null : FlowValue.session(given.id);
    }

    private boolean carriesOpenSession(List<? extends FlowValue> values) {
        for (FlowValue v : values) {
            if (v.isSession() && state.isOpen(v.id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The source opens the next session of its site (a loop, a retry): a field still holding the previous one now
     * holds "an old value that may be open", so that storing the new one over it is seen.
     */
    private void releaseFromFields(int site) {
        if (state.status[site] != Status.IN_FIELD) {
            return;
        }
        for (int f = 0; f < state.holds.length; f++) {
            if (state.holds[f] == site) {
                state.holds[f] = fieldSites.get(f);
                state.status[fieldSites.get(f)] = Status.IN_FIELD;
            }
        }
    }

    /**
     * A lambda or method reference that captured no session, invoked with one: it closes the session when its
     * implementation closes the matching parameter ({@code c -> close(c)}, {@code Db::release}, {@code Connection::close}).
     */
    private void closedByLambda(InvokeDynamicInsnNode indy, List<? extends FlowValue> values) {
        if (indy.bsmArgs.length < 2 || !(indy.bsmArgs[1] instanceof Handle impl)) {
            return;
        }
        int captured = Type.getArgumentTypes(indy.desc).length;
        boolean isStatic = impl.getTag() == Opcodes.H_INVOKESTATIC;
        boolean unbound = !isStatic && captured == 0;
        for (int a = 1; a < values.size(); a++) {
            FlowValue v = values.get(a);
            if (!v.isSession()) {
                continue;
            }
            int arg = a - 1;
            if (unbound && arg == 0) {
                if (impl.getName().equals("close") && impl.getDesc().equals("()V")) {
                    discharge(v, Status.CLOSED);
                }
                continue;
            }
            int param = implParameter(impl, captured, arg);
            int opcode = switch (impl.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                case Opcodes.H_INVOKESPECIAL, Opcodes.H_NEWINVOKESPECIAL -> Opcodes.INVOKESPECIAL;
                default -> Opcodes.INVOKEVIRTUAL;
            };
            if (calls.lambdaCloses(impl.getOwner(), impl.getName(), impl.getDesc(), param)
                    || calls.closesArgument(new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(),
                    impl.isInterface()), param)) {
                discharge(v, Status.CLOSED);
            }
        }
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
