package dev.sessionguard.flow;

import dev.sessionguard.flow.FlowState.Status;
import dev.sessionguard.policy.CallFacts;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Path-sensitive ownership analysis of one method: explores every path with the {@link SessionInterpreter}, following
 * exceptions to their handlers, and answers the question of a {@link Tracking}. States are not merged at join points
 * (sessions per method are few, so the set of distinct states stays small), which keeps null checks and "closed on one
 * branch only" exact.
 */
final class MethodFlow {
    /** The tracked parameter that stands for {@code this}. */
    static final int RECEIVER = -1;

    /** How many (instruction, state) pairs one method may take before it is reported as too complex. */
    static final int STATE_LIMIT = 200_000;
    private static final String NULL_POINTER = "java/lang/NullPointerException";

    /** Where a session was opened: a source call, or (for closer inference) a parameter. */
    record Site(int insn, int line, String call) {
        /** The {@code insn} of a site that stands for a field's old value. */
        static final int FIELD_VALUE = -2;

        /** Whether the site stands for the old value of a field the method stores into. */
        boolean isFieldValue() {
            return insn == FIELD_VALUE;
        }
    }

    /** How a session was lost on a normal path, at instruction {@code insn}. */
    record Leak(int insn, SessionFinding.Loss loss) {
    }

    /**
     * A fresh session stored at instruction {@code insn} into a field that may still hold an open session nobody
     * closed: the field's previous value was read and not closed, or an earlier attempt's session is still in it.
     */
    record Overwrite(int insn, int line, String field, int sourceInsn, String call) {
    }

    /** An exception thrown at instruction {@code insn} that escapes while the session is open. */
    record Escape(int insn, SessionFinding.Escape escape) {
    }

    /**
     * What becomes of the sessions the method opens, by site (the index in {@code sites}); {@code failure} says why
     * the method could not be followed, and then nothing else is known.
     */
    record Sessions(List<Site> sites, Map<Integer, Leak> leaks, Map<Integer, Escape> escapes,
                    Map<Integer, Integer> closeLines, List<FieldStore> fieldStores, List<Overwrite> overwrites,
                    boolean returns, boolean returnsOnlyFreshSessions, Map<Integer, String> unfollowed, String failure) {
        Sessions {
            unfollowed = Map.copyOf(unfollowed);
            sites = List.copyOf(sites);
            leaks = Map.copyOf(leaks);
            escapes = Map.copyOf(escapes);
            closeLines = Map.copyOf(closeLines);
            fieldStores = List.copyOf(fieldStores);
            overwrites = List.copyOf(overwrites);
        }

        /** Whether every normal exit returns a session opened here and still open: the method is a source. */
        boolean isSource() {
            return failure == null && returns && returnsOnlyFreshSessions && sites.stream().anyMatch(s -> s.insn() >= 0);
        }
    }

    /**
     * What becomes of one parameter on the paths that complete normally; {@code unfollowed} says where it went that the
     * analysis cannot follow (a pipeline operator it does not know), else null.
     */
    record ParameterFate(boolean reachedExit, boolean closedOnAllPaths, boolean returnedOnAllPaths,
                         boolean takenOnAllPaths, boolean escapesOpen, String failure, String unfollowed) {
        /** A parameter known to be closed on every path (an unbound {@code Connection::close}). */
        static final ParameterFate CLOSED = new ParameterFate(true, true, false, true, false, null, null);

        /** Nothing is known of the parameter, for the reason given. */
        static ParameterFate unfollowed(String why) {
            return new ParameterFate(false, false, false, false, false, null, why);
        }

        /**
         * Whether an exception may leave the method while the parameter is still open (asked with failures followed):
         * a closer that fails before its close leaves the session with its caller.
         */
        boolean failsBeforeClosing() {
            return failure == null && escapesOpen;
        }

        /** Whether the method closes the parameter on every path that completes normally: it is a closer. */
        boolean closes() {
            return failure == null && reachedExit && closedOnAllPaths;
        }

        /**
         * Whether every normal exit has closed the parameter or handed it on (stored it in a field or a container,
         * returned it, given it to a method that takes it): the method takes the session over from its caller.
         */
        boolean takes() {
            return failure == null && reachedExit && takenOnAllPaths;
        }

        /** Whether every normal exit returns the parameter, itself or wrapped: the method passes it through. */
        boolean passesThrough() {
            return failure == null && reachedExit && returnedOnAllPaths;
        }
    }

    /** The exception types that may escape the method, or why it could not be followed. */
    record MayThrow(Set<String> thrown, String failure) {
        MayThrow {
            thrown = Set.copyOf(thrown);
        }
    }

    /** A unit of work of the path exploration: a state about to execute an instruction. */
    private record Step(int insn, FlowState state) {
    }

    private final MethodCode code;
    private final CallModel calls;
    private final Tracking<?> tracking;
    private final int stateLimit;
    private final Facts facts = new Facts();
    private final Map<Integer, Integer> siteOfInsn = new HashMap<>();
    /** The sites whose session arrives through a pipeline: a failure is a signal of the pipeline, never an escape. */
    private final Set<Integer> pipelineSites = new HashSet<>();
    /** The sites whose session a pipeline's operators judge: the pipelines' and a handed-in reactive session. */
    private final Set<Integer> reactiveSessions = new HashSet<>();
    /** The session fields the method stores into ({@code owner.name}), by index, and the site of each one's old value. */
    private final Map<String, Integer> fieldIndex = new HashMap<>();
    /**
     * The reads of a boolean field of {@code this} (or a static one) that the method never writes: per reading
     * instruction, the field's index. A path that tested one knows its value.
     */
    private final Map<Integer, Integer> flagOfInsn = new HashMap<>();
    /** How many flag fields {@link #flagOfInsn} indexes. */
    private int flagCount;
    private final List<Integer> fieldSites = new ArrayList<>();
    /**
     * Type sets of caught exceptions, interned per handler: a {@link FlowValue.Kind#CAUGHT} value's id indexes this
     * list.
     */
    private final List<Set<String>> caughtTypes = new ArrayList<>();
    private final Map<String, Integer> caughtIds = new HashMap<>();
    /** Per caught id, the instructions that threw it (a call, a {@code throw}) and the caught ids rethrown into it. */
    private final Map<Integer, Map<Integer, Set<Integer>>> caughtFrom = new HashMap<>();
    private final Map<Integer, Set<Integer>> caughtVia = new HashMap<>();
    /** The exceptions built around a caught one: the {@code new} instruction's index, the caught value's id. */
    private final Map<Integer, Integer> causes = new HashMap<>();
    /** Per {@code throw} of a caught exception that escapes the method, the caught ids it rethrows. */
    private final Map<Integer, Set<Integer>> rethrown = new HashMap<>();
    /** Per call, the sites it closes with a closer that may fail before its close (on its exception they stay open). */
    private final Map<Integer, Set<Integer>> failingClosers = new HashMap<>();
    /** The calls made on a receiver that is null on some path: there they throw a NullPointerException, and only that. */
    private final Set<Integer> calledOnNull = new HashSet<>();

    private MethodFlow(MethodNode method, CallModel calls, Tracking<?> tracking, int stateLimit) {
        this.code = new MethodCode(method);
        this.calls = calls;
        this.tracking = tracking;
        this.stateLimit = stateLimit;
    }

    /** Tracks the sessions the method obtains from sources. */
    static Sessions ofSources(MethodNode method, CallModel calls) {
        return analyse(method, calls, new Tracking.Sources(), STATE_LIMIT);
    }

    /**
     * Tracks one parameter (0 = first declared, {@link #RECEIVER} = this), to learn whether the method closes it on
     * all paths (an inferred closer) or returns it (a pass-through).
     */
    static ParameterFate ofParameter(MethodNode method, CallModel calls, int param) {
        return ofParameter(method, calls, param, Arguments.NONE);
    }

    /** As {@link #ofParameter(MethodNode, CallModel, int)}, with what the caller knows of the other arguments in place. */
    static ParameterFate ofParameter(MethodNode method, CallModel calls, int param, Arguments known) {
        return analyse(method, calls, new Tracking.Parameter(param, known, false), STATE_LIMIT);
    }

    /** As {@link #ofParameter(MethodNode, CallModel, int, Arguments)}, with exceptions followed: see {@link ParameterFate#failsBeforeClosing()}. */
    static ParameterFate ofParameterFailures(MethodNode method, CallModel calls, int param, Arguments known) {
        return analyse(method, calls, new Tracking.Parameter(param, known, true), STATE_LIMIT);
    }

    /**
     * The exception types that may escape the method: those its throwing instructions may throw that no handler
     * catches, rethrows included. A method too complex to follow within {@code limit} states fails (its callers then
     * assume it may throw anything).
     */
    static MayThrow ofThrows(MethodNode method, CallModel calls, int limit) {
        return ofThrows(method, calls, limit, Arguments.NONE);
    }

    /** As {@link #ofThrows(MethodNode, CallModel, int)}, with what the caller knows of the arguments in place. */
    static MayThrow ofThrows(MethodNode method, CallModel calls, int limit, Arguments known) {
        return analyse(method, calls, new Tracking.Throws(known), limit);
    }

    /**
     * Whether the method, called on an object, closes what {@code field} ({@code owner.name}) of that object holds, or
     * finds it null, on every path that completes normally: see {@link Tracking.Field}.
     */
    static boolean ofField(MethodNode method, CallModel calls, String field) {
        return analyse(method, calls, new Tracking.Field(field), STATE_LIMIT);
    }

    private static <R> R analyse(MethodNode method, CallModel calls, Tracking<R> tracking, int limit) {
        MethodFlow flow = new MethodFlow(method, calls, tracking, limit);
        flow.run();
        return tracking.answer(flow.facts);
    }

    private void run() {
        if (code.size() == 0) {
            return;
        }
        if (tracksParameter()) {
            facts.sites.add(new Site(-1, 0, "parameter " + tracking.parameter()));
            Type[] args = Type.getArgumentTypes(code.method.desc);
            int p = tracking.parameter();
            if (p >= 0 && p < args.length && args[p].getSort() == Type.OBJECT && calls.isPipelineType(args[p].getInternalName())) {
                pipelineSites.add(0);
            }
            if (p >= 0 && p < args.length && args[p].getSort() == Type.OBJECT
                    && calls.isReactiveSessionType(args[p].getInternalName())) {
                // a reactive session handed to a lambda of its pipeline: the pipeline's operators judge it
                reactiveSessions.add(0);
            }
        }
        if (tracking instanceof Tracking.Field f && (code.method.access & Opcodes.ACC_STATIC) == 0) {
            // the field's value on entry is the one site: this method's own accesses to the field name it, whatever
            // class in the hierarchy the bytecode names as its owner
            String owner = f.field().substring(0, f.field().lastIndexOf('.'));
            String name = f.field().substring(owner.length() + 1);
            for (int i = 0; i < code.size(); i++) {
                if (code.get(i) instanceof FieldInsnNode insn && insn.name.equals(name)
                        && (insn.getOpcode() == Opcodes.GETFIELD || insn.getOpcode() == Opcodes.PUTFIELD)
                        && (insn.owner.equals(owner) || Boolean.TRUE.equals(calls.isSubtype(insn.owner, owner))
                        || Boolean.TRUE.equals(calls.isSubtype(owner, insn.owner)))) {
                    fieldIndex.put(insn.owner + "." + insn.name, 0);
                }
            }
            if (!fieldIndex.isEmpty()) {
                fieldSites.add(0);
                facts.sites.add(new Site(Site.FIELD_VALUE, 0, "field " + name));
            }
        }
        ShutdownUrls shutdowns = new ShutdownUrls(code);
        for (int i = 0; i < code.size(); i++) {
            if (tracking.tracksSources() && code.get(i) instanceof MethodInsnNode call && calls.isSource(call)
                    && !shutdowns.isShutdownRequest(i, call)) {
                siteOfInsn.put(i, facts.sites.size());
                if (calls.isPipelineType(Type.getReturnType(call.desc).getInternalName())) {
                    pipelineSites.add(facts.sites.size());
                }
                facts.sites.add(new Site(i, code.line(i), simple(call.owner) + "." + call.name + "()"));
            }
        }
        if (facts.sites.isEmpty() && !tracking.exploresWithoutSessions()) {
            return;
        }
        if (tracking.tracksSources() && !facts.sites.isEmpty()) {
            // the fields that can hold what the method opens: of a session type, or of the type a source returns
            Set<String> held = new HashSet<>();
            for (Site site : facts.sites) {
                if (site.insn() >= 0) {
                    held.add(Type.getReturnType(((MethodInsnNode) code.get(site.insn())).desc).getDescriptor());
                }
            }
            for (int i = 0; i < code.size(); i++) {
                if (code.get(i) instanceof FieldInsnNode f && (f.getOpcode() == Opcodes.PUTFIELD || f.getOpcode() == Opcodes.PUTSTATIC)
                        && f.desc.startsWith("L") && (held.contains(f.desc) || calls.isSessionType(Type.getType(f.desc).getInternalName()))
                        && !fieldIndex.containsKey(f.owner + "." + f.name)) {
                    fieldIndex.put(f.owner + "." + f.name, fieldSites.size());
                    fieldSites.add(facts.sites.size());
                    facts.sites.add(new Site(Site.FIELD_VALUE, 0, "field " + f.name));
                }
            }
        }
        if (!facts.sites.isEmpty()) {
            indexFlags();
        }
        try {
            explore();
            facts.renameEscapes(this::originOf);
        } catch (AnalyzerException | RuntimeException e) {
            facts.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Whether the call at {@code insn} closes the session of {@code site} with a closer that may fail before its close. */
    private boolean closerFails(int insn, int site) {
        Set<Integer> sites = failingClosers.get(insn);
        return sites != null && sites.contains(site);
    }

    /**
     * A rethrow that escapes (the end of a {@code finally}, a {@code catch} that rethrows) is named by the call that
     * threw in the first place while the session was open, the first in bytecode order that can reach it: that is the
     * path a reader follows.
     */
    private Escape originOf(int site, Escape escape) {
        Set<Integer> ids = rethrown.get(escape.insn());
        if (ids == null) {
            return escape;
        }
        int origin = Integer.MAX_VALUE;
        for (int id : ids) {
            origin = Math.min(origin, origin(id, site, new HashSet<>()));
        }
        if (origin == Integer.MAX_VALUE) {
            return escape;
        }
        return new Escape(escape.insn(), new SessionFinding.Escape(code.line(origin), thrower(origin),
                closerFails(origin, site)));
    }

    /** The first instruction that threw what {@code id} caught while the session of {@code site} was open. */
    private int origin(int id, int site, Set<Integer> visited) {
        if (!visited.add(id)) {
            return Integer.MAX_VALUE;
        }
        int origin = caughtFrom.getOrDefault(id, Map.of()).entrySet().stream().filter(e -> e.getValue().contains(site))
                .mapToInt(Map.Entry::getKey).min().orElse(Integer.MAX_VALUE);
        for (int via : caughtVia.getOrDefault(id, Set.of())) {
            origin = Math.min(origin, origin(via, site, visited));
        }
        return origin;
    }

    private FlowState initial() {
        MethodNode method = code.method;
        Frame<FlowValue> frame = new Frame<>(method.maxLocals, method.maxStack);
        Status[] status = new Status[facts.sites.size()];
        Arrays.fill(status, Status.ABSENT);
        int local = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            frame.setLocal(local++, tracked(RECEIVER, status) ? FlowValue.session(0)
                    : method.name.equals("<init>") ? FlowValue.THIS : FlowValue.SELF);
        }
        Type[] args = Type.getArgumentTypes(method.desc);
        for (int a = 0; a < args.length; a++) {
            FlowValue known = tracking.known().valueOf(a);
            frame.setLocal(local, tracked(a, status) ? (pipelineSites.contains(0) ? FlowValue.pending(0) : FlowValue.session(0))
                    : known != null ? known : FlowValue.other(args[a].getSize()));
            if (args[a].getSize() == 2) {
                frame.setLocal(local + 1, FlowValue.OTHER);
            }
            local += args[a].getSize();
        }
        for (; local < method.maxLocals; local++) {
            frame.setLocal(local, FlowValue.OTHER);
        }
        int[] holds = new int[fieldSites.size()];
        for (int f = 0; f < holds.length; f++) {
            holds[f] = fieldSites.get(f);
            status[fieldSites.get(f)] = Status.UNREAD;
        }
        return new FlowState(frame, status, holds, new byte[flagCount]);
    }

    /**
     * The boolean fields the method reads and never writes: a configuration flag ({@code this.useNewConnection}) holds
     * the same value each time one path tests it, so the branches of a second test that contradict the first are no path.
     */
    private void indexFlags() {
        Set<String> written = new HashSet<>();
        boolean thisKept = (code.method.access & Opcodes.ACC_STATIC) == 0;
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof FieldInsnNode f && (f.getOpcode() == Opcodes.PUTFIELD || f.getOpcode() == Opcodes.PUTSTATIC)) {
                written.add(f.owner + "." + f.name);
            } else if (code.get(i) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == 0) {
                thisKept = false;
            }
        }
        Map<String, List<Integer>> reads = new HashMap<>();
        for (int i = 1; i < code.size(); i++) {
            if (code.get(i) instanceof FieldInsnNode f && f.desc.equals("Z") && !written.contains(f.owner + "." + f.name)
                    && (f.getOpcode() == Opcodes.GETSTATIC || f.getOpcode() == Opcodes.GETFIELD && thisKept
                    && code.get(i - 1) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0)) {
                reads.computeIfAbsent(f.owner + "." + f.name, k -> new ArrayList<>()).add(i);
            }
        }
        // a flag read once tells a later test nothing: knowing it would only keep apart paths that could merge
        for (List<Integer> at : reads.values()) {
            if (at.size() >= 2) {
                for (int i : at) {
                    flagOfInsn.put(i, flagCount);
                }
                flagCount++;
            }
        }
    }

    /** Whether {@code param} is the tracked parameter; if so its session (site 0) starts open. */
    private boolean tracked(int param, Status[] status) {
        if (tracking.parameter() == param) {
            status[0] = Status.OPEN;
            return true;
        }
        return false;
    }

    private boolean tracksParameter() {
        return tracking.parameter() != CallModel.NO_ARGUMENT;
    }

    private boolean isHandedIn(int site) {
        return tracksParameter() && site == 0;
    }

    /** A handed-in parameter and a field's old value may be null; a session a source returned never is. */
    private boolean mayBeNull(int site) {
        return isHandedIn(site) || facts.sites.get(site).isFieldValue();
    }

    private void explore() throws AnalyzerException {
        Deque<Step> work = new ArrayDeque<>();
        Set<Object> seen = new HashSet<>();
        work.push(new Step(0, initial()));
        int steps = 0;
        reactiveSessions.addAll(pipelineSites);
        SessionInterpreter effects = new SessionInterpreter(code, siteOfInsn, calls, facts, tracksParameter(), fieldIndex,
                fieldSites, causes, flagOfInsn, reactiveSessions);
        while (!work.isEmpty()) {
            Step item = work.pop();
            int i = item.insn();
            FlowState state = item.state();
            if (i >= code.size() || !seen.add(state.key(i))) {
                continue;
            }
            if (++steps > stateLimit) {
                throw new AnalyzerException(null, "more than " + stateLimit + " states (method too complex)");
            }
            AbstractInsnNode insn = code.get(i);
            int type = insn.getType();
            if (type == AbstractInsnNode.LABEL || type == AbstractInsnNode.LINE || type == AbstractInsnNode.FRAME) {
                work.push(new Step(i + 1, state));
                continue;
            }
            FlowState next = state.copy();
            effects.reset(i, next);
            next.frame.execute(insn, effects);
            effects.afterExecute();

            boolean covered = !code.handlers(i).isEmpty();
            // a pipeline's failure is a signal it carries, not an exception of the code that builds it
            boolean unbuilt = keepsInItsOwnFields(state);
            boolean followsThrows = (unbuilt || tracking.followsThrows(covered, state))
                    && (covered || unbuilt || !(tracking instanceof Tracking.Sources) || anyOpenOutsidePipelines(state));
            Set<String> thrown = followsThrows && failsHere(insn, state) ? thrownBy(i, insn, state) : Set.of();
            if (!thrown.isEmpty()) {
                Status[] onThrow = next.status.clone();
                for (int site : effects.opened) {
                    onThrow[site] = state.status[site];
                }
                for (int site : effects.untakenOnThrow) {
                    onThrow[site] = state.status[site];
                }
                for (int site : effects.openOnThrow) {
                    onThrow[site] = state.status[site];
                    failingClosers.computeIfAbsent(i, k -> new HashSet<>()).add(site);
                }
                throwEdges(i, state, onThrow, insn, thrown, work);
            }
            int op = insn.getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                normalExit(i, next, effects.returned);
            } else if (op != Opcodes.ATHROW && !(insn instanceof MethodInsnNode call && onNull(call, state))) {
                checkLost(i, next, insn);
                successors(i, insn, next, effects, work);
            }
        }
    }

    /**
     * Whether the instruction's exceptions count for the question: all of them, except when a closer is asked whether
     * it fails before its close; then only the session's own failures do (a call given the session, a rethrow of what
     * it threw), since a closer's lookups of its own state fail only as a programming error would.
     */
    private boolean failsHere(AbstractInsnNode insn, FlowState before) {
        if (!(tracking instanceof Tracking.Parameter p && p.failures())) {
            return true;
        }
        int top = before.frame.getStackSize();
        if (insn instanceof MethodInsnNode call) {
            int given = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            for (int s = top - given; s < top; s++) {
                FlowValue v = before.frame.getStack(s);
                if (v.isSession() && v.id == 0) {
                    return true;
                }
            }
            return false;
        }
        if (insn.getOpcode() == Opcodes.ATHROW) {
            FlowValue v = before.frame.getStack(top - 1);
            return v.kind == FlowValue.Kind.CAUGHT || v.kind == FlowValue.Kind.NEW && causes.get(v.id) != null;
        }
        return false;
    }

    /** What an instruction may throw: a call as the call model says, a throw by what the thrown value may be. */
    private Set<String> thrownBy(int i, AbstractInsnNode insn, FlowState before) {
        if (code.isDefaultGuard(i)) {
            // a switch's default that only throws is reached by an unknown constant: a programming error, no path
            return Set.of();
        }
        if (insn instanceof MethodInsnNode call) {
            if (onNull(call, before)) {
                // not a guess about a programming error: on this path the call cannot do anything but throw
                calledOnNull.add(i);
                return Set.of(NULL_POINTER);
            }
            if (isStateQueryOnTracked(call, before)) {
                // the query that guards a close is never the reason that close is skipped
                return Set.of();
            }
            if (unwrapsToItsOwnType(i, call)) {
                return Set.of();
            }
            Set<String> thrown = calls.thrownBy(call);
            if (thrown.isEmpty()) {
                return thrown;
            }
            // a helper given null or a constant (closeQuietly(null), execute(c, sql, false)) is read with it in place
            int n = Type.getArgumentTypes(call.desc).length;
            int top = before.frame.getStackSize();
            List<FlowValue> declared = new ArrayList<>(n);
            for (int a = top - n; a < top; a++) {
                declared.add(before.frame.getStack(a));
            }
            Arguments known = Arguments.of(declared);
            return known == null ? thrown : calls.thrownByGiven(call, known, thrown);
        }
        if (insn.getOpcode() != Opcodes.ATHROW) {
            // lambdas and string concatenation (invokedynamic), field and array access: not worth a path
            return Set.of();
        }
        FlowValue v = before.frame.getStack(before.frame.getStackSize() - 1);
        if (v.kind == FlowValue.Kind.NEW) {
            String type = ((TypeInsnNode) code.get(v.id)).desc;
            if (calls.isError(type)) {
                // an assert's AssertionError, like any Error, is no path a reviewer follows
                return Set.of();
            }
            return calls.isProgrammingError(type) && !wrapsACause(v.id, type) ? Set.of() : Set.of(type);
        }
        if (v.kind == FlowValue.Kind.CAUGHT) {
            return caughtTypes.get(v.id);
        }
        String type = thrownType(i);
        if (type != null && calls.isError(type)) {
            return Set.of();
        }
        return Set.of(type == null ? CallModel.ANY : type);
    }

    /**
     * Whether the call is JDBC's {@code unwrap(X.class)} on a receiver that is an {@code X} already: the receiver or a
     * proxy of it is the answer ({@code java.sql.Wrapper}), and nothing is thrown.
     */
    private boolean unwrapsToItsOwnType(int i, MethodInsnNode call) {
        if (!call.name.equals(CallFacts.UNWRAP) || !call.desc.equals("(Ljava/lang/Class;)Ljava/lang/Object;")
                || !Boolean.TRUE.equals(calls.isSubtype(call.owner, CallFacts.WRAPPER.replace('.', '/')))) {
            return false;
        }
        return before(i) instanceof LdcInsnNode ldc && ldc.cst instanceof Type literal && literal.getSort() == Type.OBJECT
                && Boolean.TRUE.equals(calls.isSubtype(call.owner, literal.getInternalName()));
    }

    /** Whether the call is made on a receiver that is null on the path at hand ({@code stmt.close()} of a never-assigned stmt). */
    private static boolean onNull(MethodInsnNode call, FlowState before) {
        if (call.getOpcode() != Opcodes.INVOKEVIRTUAL && call.getOpcode() != Opcodes.INVOKEINTERFACE) {
            return false;
        }
        int receiver = before.frame.getStackSize() - Type.getArgumentTypes(call.desc).length - 1;
        return receiver >= 0 && before.frame.getStack(receiver).kind == FlowValue.Kind.NULL;
    }

    /**
     * The static type of what a {@code throw} throws when the instruction before it says: an exception a call returns
     * ({@code throw ExceptionMapper.toTorqueException(e)}, {@code throw translate(sql, e)}) is of the call's return type,
     * a cast one of the cast's. Null when that is not known.
     */
    private String thrownType(int athrow) {
        // a label may be where another path joins, with another value on the stack: then nothing is known
        AbstractInsnNode prev = before(athrow);
        if (prev instanceof MethodInsnNode call && Type.getReturnType(call.desc).getSort() == Type.OBJECT) {
            return Type.getReturnType(call.desc).getInternalName();
        }
        if (prev != null && prev.getOpcode() == Opcodes.CHECKCAST) {
            return ((TypeInsnNode) prev).desc;
        }
        return null;
    }

    /** The instruction before {@code i} that pushed what {@code i} takes, past line numbers and frames; null if none. */
    private AbstractInsnNode before(int i) {
        for (int j = i - 1; j >= 0; j--) {
            AbstractInsnNode prev = code.get(j);
            if (prev.getType() != AbstractInsnNode.LINE && prev.getType() != AbstractInsnNode.FRAME) {
                return prev;
            }
        }
        return null;
    }

    /**
     * Follows the exceptions an instruction may throw to the handlers that can catch them, in the order of the
     * exception table: a handler that catches all of a type ends its search, one that may catch part of it (a
     * subtype) passes the rest on. A handler receives the types it catches; what no handler catches escapes.
     */
    private void throwEdges(int i, FlowState before, Status[] status, AbstractInsnNode insn, Set<String> thrown,
                            Deque<Step> work) {
        Set<String> escaping = new TreeSet<>(thrown);
        FlowValue rethrows = insn.getOpcode() == Opcodes.ATHROW ? before.frame.getStack(before.frame.getStackSize() - 1) : null;
        // an exception built around a caught one (new FlywaySqlException("...", e)) goes on from where that was thrown
        Integer rethrowsId = rethrows == null ? null : rethrows.kind == FlowValue.Kind.CAUGHT ? Integer.valueOf(rethrows.id)
                : rethrows.kind == FlowValue.Kind.NEW ? causes.get(rethrows.id) : null;
        for (TryCatchBlockNode tcb : code.handlers(i)) {
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
                FlowState h = before.withStatus(status);
                h.frame.clearStack();
                int id = caughtId(code.indexOf(tcb.handler), received);
                if (rethrowsId != null) {
                    caughtVia.computeIfAbsent(id, k -> new HashSet<>()).add(rethrowsId);
                } else {
                    Set<Integer> open = caughtFrom.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(i, k -> new HashSet<>());
                    for (int site = 0; site < status.length; site++) {
                        // a session a constructor keeps in its own field is as open as a local one, should it throw
                        if (status[site] == Status.OPEN || keptOpenByThis(status, site)) {
                            open.add(site);
                        }
                    }
                }
                h.frame.push(FlowValue.caught(id));
                work.push(new Step(code.indexOf(tcb.handler), h));
            }
            if (escaping.isEmpty()) {
                return;
            }
        }
        facts.mayThrow(escaping);
        if (rethrowsId != null) {
            rethrown.computeIfAbsent(i, k -> new HashSet<>()).add(rethrowsId);
        }
        for (int site = 0; site < status.length; site++) {
            if (status[site] == Status.OPEN && !pipelineSites.contains(site)) {
                facts.escape(site, new Escape(i, new SessionFinding.Escape(code.line(i), thrower(i), closerFails(i, site))));
            } else if (keptOpenByThis(status, site)) {
                // an object whose constructor throws is never built: nobody holds it, nor what its fields keep
                facts.unbuilt(site, new Escape(i, new SessionFinding.Escape(code.line(i), thrower(i), false)));
            }
        }
    }

    /** Whether a constructor keeps the session of {@code site} open in a field of the object it builds. */
    private boolean keptOpenByThis(Status[] status, int site) {
        return status[site] == Status.IN_FIELD && facts.isKeptByThis(site);
    }

    /**
     * Whether the exception created at {@code newInsn} is constructed around another (a cause): a programming-error
     * type that wraps a caught failure ({@code new IllegalStateException("could not save", e)}) reports that failure.
     */
    private boolean wrapsACause(int newInsn, String type) {
        for (int i = newInsn + 1; i < code.size(); i++) {
            if (code.get(i) instanceof MethodInsnNode m && m.name.equals("<init>") && m.owner.equals(type)) {
                for (Type arg : Type.getArgumentTypes(m.desc)) {
                    String name = arg.getSort() == Type.OBJECT ? arg.getInternalName() : "";
                    if (name.endsWith("Throwable") || name.endsWith("Exception") || name.endsWith("Error")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private static boolean isStateQueryOnTracked(MethodInsnNode call, FlowState before) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC || !call.desc.equals("()Z")
                || !CallFacts.SESSION_STATE_QUERIES.contains(call.name)) {
            return false;
        }
        FlowValue receiver = before.frame.getStack(before.frame.getStackSize() - 1);
        return receiver != null && receiver.kind == FlowValue.Kind.SESSION;
    }

    private int caughtId(int handler, Set<String> types) {
        return caughtIds.computeIfAbsent(handler + " " + types, t -> {
            caughtTypes.add(types);
            return caughtTypes.size() - 1;
        });
    }

    private void normalExit(int i, FlowState state, FlowValue returned) {
        if (returned != null && !code.method.desc.endsWith(")V")) {
            // a lambda or container that captured a session is not the session: its method is no source
            facts.returnsValue(returned.kind == FlowValue.Kind.SESSION);
        }
        if (tracking instanceof Tracking.Field) {
            facts.parameterAtExit(state.status.length > 0 && (state.status[0] == Status.CLOSED || state.status[0] == Status.ABSENT),
                    false, false);
            return;
        }
        for (int site = 0; site < state.status.length; site++) {
            Status s = state.status[site];
            if (isHandedIn(site)) {
                facts.parameterAtExit(s == Status.CLOSED || s == Status.ABSENT,
                        returned != null && returned.isSession() && returned.id == 0, s == Status.HANDED_ON);
            } else if (s == Status.OPEN) {
                facts.leak(site, new Leak(i, new SessionFinding.Loss(SessionFinding.How.OPEN_AT_RETURN, code.line(i), null)));
            }
            if (s != Status.CLOSED) {
                // a session this method stored in a field and did not close outlives the method
                facts.keptAtExit(site);
            }
            if (s == Status.HANDED_ON || s == Status.IN_FIELD) {
                facts.handedOut(site);
            }
        }
    }

    /** Whether the constructor's object keeps a session in one of its fields on this path (the unbuilt object's loss). */
    private boolean keepsInItsOwnFields(FlowState state) {
        if (!facts.keepsAnyByThis()) {
            return false;
        }
        for (int site = 0; site < state.status.length; site++) {
            if (keptOpenByThis(state.status, site)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyOpenOutsidePipelines(FlowState state) {
        for (int site = 0; site < state.status.length; site++) {
            if (state.status[site] == Status.OPEN && !pipelineSites.contains(site)) {
                return true;
            }
        }
        return false;
    }

    /** A session open on this path that no slot holds any more is lost here: how depends on the instruction. */
    private void checkLost(int i, FlowState state, AbstractInsnNode insn) {
        for (int site = 0; site < state.status.length; site++) {
            if (state.isOpen(site) && !state.references(site) && pipelineSites.contains(site)
                    && insn instanceof MethodInsnNode m && !calls.readsBodiesOf(m.owner)) {
                // a pipeline given to a library call that does not say what it does with it: a warning, never a guess
                state.status[site] = Status.HANDED_ON;
                facts.unfollowed(site, simple(m.owner) + "." + m.name + "() at line " + code.line(i)
                        + " receives it, and its body is not in the analysed code");
            } else if (state.isOpen(site) && !state.references(site)) {
                state.status[site] = Status.LEAKED;
                if (isHandedIn(site)) {
                    facts.parameterLost();
                } else {
                    facts.leak(site, new Leak(i, loss(i, insn)));
                }
            }
        }
    }

    private SessionFinding.Loss loss(int i, AbstractInsnNode insn) {
        if (insn.getOpcode() == Opcodes.POP) {
            return new SessionFinding.Loss(SessionFinding.How.DISCARDED, code.line(i), null);
        }
        if (insn instanceof MethodInsnNode m) {
            return new SessionFinding.Loss(SessionFinding.How.PASSED_AND_DROPPED, code.line(i), m.name + "()");
        }
        return new SessionFinding.Loss(SessionFinding.How.OVERWRITTEN, code.line(i), null);
    }

    private void successors(int i, AbstractInsnNode insn, FlowState next, SessionInterpreter effects, Deque<Step> work) {
        if (insn instanceof JumpInsnNode jump) {
            branches(i, jump, next, effects, work);
        } else if (insn instanceof TableSwitchInsnNode ts) {
            work.push(new Step(code.indexOf(ts.dflt), next));
            for (LabelNode l : ts.labels) {
                work.push(new Step(code.indexOf(l), next.copy()));
            }
        } else if (insn instanceof LookupSwitchInsnNode ls) {
            work.push(new Step(code.indexOf(ls.dflt), next));
            for (LabelNode l : ls.labels) {
                work.push(new Step(code.indexOf(l), next.copy()));
            }
        } else if (insn.getOpcode() == Opcodes.RET) {
            FlowValue address = next.frame.getLocal(((VarInsnNode) insn).var);
            if (address == null || address.kind != FlowValue.Kind.RETURN_ADDRESS) {
                throw new IllegalStateException("RET without a return address");
            }
            work.push(new Step(address.id, next));
        } else {
            work.push(new Step(i + 1, next));
        }
    }

    /** The sides of a jump that a path can take, each with what the test tells about the sessions on that side. */
    private void branches(int i, JumpInsnNode jump, FlowState next, SessionInterpreter effects, Deque<Step> work) {
        int op = jump.getOpcode();
        int target = code.indexOf(jump.label);
        FlowValue tested = effects.tested;
        if (op == Opcodes.GOTO || op == Opcodes.JSR) {
            work.push(new Step(target, next));
        } else if ((op == Opcodes.IFNULL || op == Opcodes.IFNONNULL || effects.nullCompared) && tested != null) {
            // x == null, null != x and the like are one test
            boolean nullJumps = op == Opcodes.IFNULL || op == Opcodes.IF_ACMPEQ;
            if (tested.kind == FlowValue.Kind.NULL) {
                work.push(new Step(nullJumps ? target : i + 1, next));
            } else if (tested.isSession() && !mayBeNull(tested.id)) {
                // a session a source returned is never null
                work.push(new Step(nullJumps ? i + 1 : target, next));
            } else if (tested.isSession()) {
                FlowState isNull = next.copy();
                isNull.replace(tested, FlowValue.NULL);
                isNull.status[tested.id] = Status.ABSENT;
                work.push(new Step(nullJumps ? target : i + 1, isNull));
                work.push(new Step(nullJumps ? i + 1 : target, next));
            } else {
                work.push(new Step(target, next));
                work.push(new Step(i + 1, next.copy()));
            }
        } else if (tested != null && tested.kind == FlowValue.Kind.SESSION_STATE
                && (op == Opcodes.IFEQ || op == Opcodes.IFNE)) {
            // a branch on the session's own isClosed()/isOpen(): on the "closed" side there is nothing to close
            int site = tested.id / 2;
            boolean trueMeansClosed = tested.id % 2 == 1;
            FlowState closed = next.copy();
            if (closed.mayBeOpen(site)) {
                closed.status[site] = Status.CLOSED;
            }
            boolean closedJumps = (op == Opcodes.IFNE) == trueMeansClosed;
            work.push(new Step(closedJumps ? target : i + 1, closed));
            work.push(new Step(closedJumps ? i + 1 : target, next));
        } else if (tested != null && tested.kind == FlowValue.Kind.TYPE_TEST && (op == Opcodes.IFEQ || op == Opcodes.IFNE)
                && mayBeNull(tested.id)) {
            // a helper that dispatches on the type: where the value is no session, there is nothing to close
            FlowState notOne = next.copy();
            notOne.status[tested.id] = Status.ABSENT;
            boolean notJumps = op == Opcodes.IFEQ;
            work.push(new Step(notJumps ? target : i + 1, notOne));
            work.push(new Step(notJumps ? i + 1 : target, next));
        } else if (effects.decided != null) {
            // a branch on constants (a flag set along this path): only the feasible side is followed
            work.push(new Step(effects.decided ? target : i + 1, next));
        } else if (tested != null && tested.kind == FlowValue.Kind.FLAG && (op == Opcodes.IFEQ || op == Opcodes.IFNE)) {
            // a flag field's first test on this path: each side knows its value from now on
            boolean known = next.flags[tested.id] != 0;
            boolean value = next.flags[tested.id] == 2;
            if (known) {
                work.push(new Step(value == (op == Opcodes.IFNE) ? target : i + 1, next));
            } else {
                FlowState isTrue = next.copy();
                isTrue.flags[tested.id] = 2;
                next.flags[tested.id] = 1;
                boolean trueJumps = op == Opcodes.IFNE;
                work.push(new Step(trueJumps ? target : i + 1, isTrue));
                work.push(new Step(trueJumps ? i + 1 : target, next));
            }
        } else {
            work.push(new Step(target, next));
            work.push(new Step(i + 1, next.copy()));
        }
    }

    /** The call that throws, as code ({@code persist()}, {@code new Foo()}), or null for a {@code throw}. */
    private String thrower(int i) {
        if (code.get(i) instanceof MethodInsnNode m) {
            String name = (m.name.equals("<init>") ? "new " + simple(m.owner) : m.name) + "()";
            return calledOnNull.contains(i) ? name + " called on null" : name;
        }
        return null;
    }

    static String simple(String internalName) {
        String s = internalName.substring(internalName.lastIndexOf('/') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }
}
