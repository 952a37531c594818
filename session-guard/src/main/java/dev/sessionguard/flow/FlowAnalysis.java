package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bytecode data-flow analysis behind SG002 and SG003, over one import: a façade over the indexed code, the
 * {@linkplain ProjectCallModel call model} and the {@linkplain Inference inference} of the analysed code's own
 * sources and closers. Results per class are computed once and shared by the rules.
 */
public final class FlowAnalysis {
    private final SessionPolicy policy;
    private final IndexedCode code;
    private final Inference inference;
    private final ProjectCallModel calls;
    private final Map<String, ClassFlow> results = new HashMap<>();
    private final List<FlowWarning> warnings = new ArrayList<>();

    /**
     * The per-class outcome: SG002/SG003 findings, session stores into fields, fields overwritten while they may still
     * hold an open session, methods not analysed.
     */
    public record ClassFlow(List<SessionFinding> findings, List<FieldStore> fieldStores, List<FlowWarning> warnings,
                            int guardedSessions) {
    }

    public FlowAnalysis(SessionPolicy policy, Collection<JavaClass> classes) {
        this.policy = policy;
        this.code = new IndexedCode(classes);
        this.inference = new Inference(policy, new SessionTypes(policy), code);
        this.calls = new ProjectCallModel(policy, code, inference);
        inference.run(calls);
        code.forgetAnalysedNodes();
    }

    /** Methods of the analysed code found to return a fresh session on all paths, as {@code Type#method}. */
    public Set<String> inferredSources() {
        return inference.sources();
    }

    /** Methods of the analysed code found to close a parameter on all paths, as {@code Type#method}. */
    public Set<String> inferredClosers() {
        return inference.closers();
    }

    /** Every method that could not be analysed so far. */
    public List<FlowWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** The analysis of one class, computed on first request. */
    public synchronized ClassFlow of(JavaClass c) {
        return results.computeIfAbsent(c.getName(), n -> analyse(c));
    }

    private ClassFlow analyse(JavaClass c) {
        List<SessionFinding> findings = new ArrayList<>();
        List<FieldStore> stores = new ArrayList<>();
        List<FlowWarning> classWarnings = new ArrayList<>();
        if (!mayOpenSessions(c)) {
            return new ClassFlow(findings, stores, classWarnings, 0);
        }
        code.register(c);
        Optional<ClassNode> node = code.classNode(c);
        if (node.isEmpty()) {
            FlowWarning w = new FlowWarning(c.getName(), "<class>", "its class file could not be read");
            warnings.add(w);
            classWarnings.add(w);
            return new ClassFlow(findings, stores, classWarnings, 0);
        }
        int guarded = 0;
        for (MethodNode m : node.get().methods) {
            if (m.instructions.size() == 0 || !hasSourceCall(m)) {
                continue;
            }
            MethodFlow.Sessions r = MethodFlow.ofSources(m, calls);
            if (r.failure() != null) {
                FlowWarning w = new FlowWarning(c.getName(), MemberNames.of(m.name), r.failure());
                warnings.add(w);
                classWarnings.add(w);
                continue;
            }
            stores.addAll(r.fieldStores());
            for (MethodFlow.Overwrite o : r.overwrites()) {
                MethodInsnNode call = (MethodInsnNode) m.instructions.get(o.sourceInsn());
                findings.add(new SessionFinding(SessionFinding.Kind.FIELD_OVERWRITTEN, m.name, o.call(), o.line(),
                        isRawPresetSource(call), null, null, 0, o.field(), returnType(call), calls.isResult(call),
                        pipelineFix(call)));
            }
            for (int site = 0; site < r.sites().size(); site++) {
                MethodFlow.Site s = r.sites().get(site);
                if (s.insn() < 0) {
                    continue;
                }
                MethodFlow.Leak leak = r.leaks().get(site);
                MethodFlow.Escape escape = r.escapes().get(site);
                MethodInsnNode call = (MethodInsnNode) m.instructions.get(s.insn());
                boolean raw = isRawPresetSource(call);
                String pipelineFix = pipelineFix(call);
                String unfollowed = r.unfollowed().get(site);
                if (unfollowed != null) {
                    // what the analysis cannot follow is said, never guessed
                    FlowWarning w = new FlowWarning(c.getName(), MemberNames.of(m.name), "the session of " + s.call()
                            + " at line " + s.line() + " is not followed: " + unfollowed);
                    warnings.add(w);
                    classWarnings.add(w);
                }
                if (leak != null) {
                    findings.add(new SessionFinding(SessionFinding.Kind.LEAK, m.name, s.call(), s.line(), raw,
                            leak.loss(), null, 0, null, returnType(call), calls.isResult(call), pipelineFix));
                } else if (escape != null && r.closeLines().containsKey(site)) {
                    findings.add(new SessionFinding(SessionFinding.Kind.CLOSE_NOT_GUARANTEED, m.name, s.call(), s.line(),
                            raw, null, escape.escape(), r.closeLines().get(site), null, returnType(call), calls.isResult(call),
                            pipelineFix));
                } else if (escape != null) {
                    // handed on where the method completes, dropped where an exception leaves it: nobody can close it
                    findings.add(new SessionFinding(SessionFinding.Kind.LEAK, m.name, s.call(), s.line(), raw,
                            new SessionFinding.Loss(SessionFinding.How.ESCAPED, escape.escape().line(),
                                    escape.escape().thrower()), null, 0, null, returnType(call), calls.isResult(call),
                            pipelineFix));
                } else if (r.closeLines().containsKey(site)) {
                    guarded++;
                }
            }
        }
        return new ClassFlow(findings, stores, classWarnings, guarded);
    }

    private static String returnType(MethodInsnNode call) {
        return Type.getReturnType(call.desc).getClassName();
    }

    /** Whether a source call is one of a preset's raw factory methods rather than a source of the project's own. */
    private boolean isRawPresetSource(MethodInsnNode call) {
        return !inference.isInferredSource(code.declaringKey(call)) && policy.presets().stream()
                .flatMap(p -> p.sessionSources().stream())
                .anyMatch(ref -> ref.methodName().equals(call.name) && code.assignable(call.owner, ref.ownerType()));
    }

    /** The fix of the reactive preset whose source the call is (its scoped door), or null. */
    private String pipelineFix(MethodInsnNode call) {
        for (Preset p : policy.presets()) {
            if (p.isReactive() && p.sessionSources().stream()
                    .anyMatch(ref -> ref.methodName().equals(call.name) && code.assignable(call.owner, ref.ownerType()))) {
                return p.pipelineFix().orElse(null);
            }
        }
        return null;
    }

    private boolean mayOpenSessions(JavaClass c) {
        // per code unit: the class-wide set of calls is built anew on every request
        for (JavaCodeUnit u : c.getCodeUnits()) {
            for (JavaMethodCall call : u.getMethodCallsFromSelf()) {
                JavaClass returnedType = call.getTarget().getRawReturnType();
                if (!inference.isSourceName(call.getName()) && !inference.mayBeResultOfAnyName(returnedType)) {
                    continue;
                }
                String returned = IndexedCode.internal(returnedType);
                // the owner is known before its answer is cached: no answer depends on the order of methods
                code.know(call.getTargetOwner());
                String owner = IndexedCode.internal(call.getTargetOwner());
                if (inference.isInferredSource(owner, call.getName()) || calls.isConfiguredSource(owner, call.getName())
                        || calls.isResult(owner, call.getName(), returned, call.getTargetOwner().isInterface())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hasSourceCall(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call && calls.isSource(call)) {
                return true;
            }
        }
        return false;
    }
}
