package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.MemberNames;
import dev.sessionguard.flow.SessionFinding;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.SessionPolicy;

import java.util.ArrayList;
import java.util.List;

/** SG002 and SG003 in words: the analysis's findings of one class as violations, with the fix in the project's terms. */
final class FlowViolations {
    private FlowViolations() {
    }

    static List<Violation> of(JavaClass c, FlowAnalysis.ClassFlow flow, SessionPolicy policy) {
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse("");
        List<Violation> all = new ArrayList<>();
        for (SessionFinding f : flow.findings()) {
            boolean leak = f.kind() == SessionFinding.Kind.LEAK;
            all.add(new Violation(leak ? SessionRule.SG002 : SessionRule.SG003, c.getName(), MemberNames.of(f.method()),
                    f.source(), source, f.line(), "opens a session with " + f.source() + (leak ? " that " + lost(f.loss())
                    : " whose close is not guaranteed: " + escaped(f.escape()) + " skips close() at line " + f.closeLine()),
                    fix(f, policy)));
        }
        all.sort(Violation.ORDER);
        return all;
    }

    private static String lost(SessionFinding.Loss loss) {
        int line = loss.line();
        return switch (loss.how()) {
            case OPEN_AT_RETURN -> "is not closed when the method returns at line " + line;
            case DISCARDED -> "is discarded at line " + line + " without being closed";
            case PASSED_AND_DROPPED -> "is used by " + loss.callee() + " at line " + line + " and never closed";
            case OVERWRITTEN -> "is dropped unclosed at line " + line + " (its last reference is overwritten)";
            case REOPENED -> "is still open when line " + line + " opens the next one";
        };
    }

    private static String escaped(SessionFinding.Escape escape) {
        return (escape.thrower() == null ? "the exception thrown" : "an exception thrown by " + escape.thrower())
                + " at line " + escape.line();
    }

    /** The fix names the source the code called; only a raw preset source points to the managed accessor, if any. */
    private static String fix(SessionFinding f, SessionPolicy policy) {
        String used = f.rawSource() ? policy.managedAccessor().map(MethodRef::asCall).orElse(f.source()) : f.source();
        return "use try-with-resources: try (var session = " + used + ") { ... }";
    }
}
