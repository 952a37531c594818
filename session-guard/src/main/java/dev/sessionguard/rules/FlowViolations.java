package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.MemberNames;
import dev.sessionguard.flow.SessionFinding;
import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.SessionPolicy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** SG002 and SG003 in words: the analysis's findings of one class as violations, with the fix in the project's terms. */
final class FlowViolations {
    private FlowViolations() {
    }

    static List<Violation> of(JavaClass c, FlowAnalysis.ClassFlow flow, SessionPolicy policy, PolicyCheck.ConfiguredDoors doors) {
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse("");
        List<Violation> all = new ArrayList<>();
        boolean db = policy.isDbPackage(c.getPackageName());
        for (SessionFinding f : flow.findings()) {
            String member = MemberNames.of(f.method());
            switch (f.kind()) {
                case LEAK -> all.add(new Violation(SessionRule.SG002, c.getName(), member, f.source(), source, f.line(),
                        "opens a session with " + f.source() + " that " + lost(f.loss()), fix(f, doors, false, db)));
                case CLOSE_NOT_GUARANTEED -> all.add(new Violation(SessionRule.SG003, c.getName(), member, f.source(),
                        source, f.line(), "opens a session with " + f.source() + " whose close is not guaranteed: "
                        + notGuaranteed(f), fix(f, doors, true, db)));
                case FIELD_OVERWRITTEN -> all.add(new Violation(SessionRule.SG002, c.getName(), member, f.source(),
                        source, f.line(), "overwrites field " + f.field() + " with a session from " + f.source()
                        + " while it may still hold an open session", "close the session field " + f.field()
                        + " holds (or check that it is closed) before storing a new one"));
            }
        }
        all.sort(Violation.ORDER);
        // two sources on one line that leak the same way (a ternary's two overloads) are one report, as a reader sees it
        Set<String> said = new HashSet<>();
        all.removeIf(v -> !said.add(v.message()));
        return all;
    }

    private static String notGuaranteed(SessionFinding f) {
        SessionFinding.Escape e = f.escape();
        if (e.closerFails()) {
            // the close itself is a helper that can fail before it closes (restoring a mode, rolling back)
            return e.thrower() + " at line " + e.line() + " can throw before it closes it";
        }
        return escaped(e) + " skips close() at line " + f.closeLine();
    }

    private static String lost(SessionFinding.Loss loss) {
        int line = loss.line();
        return switch (loss.how()) {
            case OPEN_AT_RETURN -> "is not closed when the method returns at line " + line;
            case DISCARDED -> "is discarded at line " + line + " without being closed";
            case PASSED_AND_DROPPED -> "is used by " + loss.callee() + " at line " + line + " and never closed";
            case OVERWRITTEN -> "is dropped unclosed at line " + line + " (its last reference is overwritten)";
            case REOPENED -> "is still open when line " + line + " opens the next one";
            case ESCAPED -> "is left open when " + (loss.callee() == null ? "the exception thrown"
                    : "an exception thrown by " + loss.callee()) + " at line " + line + " leaves the method";
            case UNBUILT -> "is kept in a field of an object that is never built: " + (loss.callee() == null
                    ? "the exception thrown" : "an exception thrown by " + loss.callee()) + " at line " + line
                    + " leaves the constructor";
        };
    }

    private static String escaped(SessionFinding.Escape escape) {
        return (escape.thrower() == null ? "the exception thrown" : "an exception thrown by " + escape.thrower())
                + " at line " + escape.line();
    }

    /** The generic result types of the presets, declared with their element type in a fix. */
    private static final Set<String> GENERIC_RESULTS = Set.of("java.util.stream.Stream",
            "org.apache.ibatis.cursor.Cursor", "org.hibernate.ScrollableResults");

    /** {@code Stream<T> s}: the result's type as the code would declare it. */
    private static String resultDeclaration(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
        return GENERIC_RESULTS.contains(type) ? simple + "<T> " + simple.substring(0, 1).toLowerCase(Locale.ROOT)
                : "var result";
    }


    /**
     * The fix names the door the code used (a raw preset source outside the db packages: the configured source of the
     * same session type, if there is one), in the form the type allows, and the project's closer of that session type
     * where it configured one.
     */
    private static String fix(SessionFinding f, PolicyCheck.ConfiguredDoors doors, boolean closeInFinally, boolean inDbPackage) {
        // inside the db packages the raw door is the right one: only code outside them is pointed to the accessor
        String used = f.rawSource() && !inDbPackage ? doors.sourceOf(f.sessionType()).map(MethodRef::asCall).orElse(f.source())
                : f.source();
        if (f.pipelineFix() != null) {
            // a reactive session is closed by the pipeline it arrives in, not by try-with-resources
            return f.pipelineFix();
        }
        if (f.result() && CallFacts.isReactiveName(f.sessionType())) {
            return "close what the pipeline hands out in the same pipeline (usingWhen's cleanup, eventually, doFinally) or"
                    + " return the pipeline to the caller";
        }
        if (f.result()) {
            // the result holds the connection: it is what try-with-resources must take, whatever gave it out
            return "use try-with-resources on the result: try (" + resultDeclaration(f.sessionType()) + " = " + f.source()
                    + ") { ... }";
        }
        String declared = CallFacts.NOT_AUTO_CLOSEABLE.get(f.sessionType());
        String name = declared == null ? "session" : declared.substring(declared.indexOf(' ') + 1);
        String fix = declared != null
                ? "use try/finally: " + declared + " = " + used + "; try { ... } finally { " + name + ".close(); }"
                : "use try-with-resources: try (var session = " + used + ") { ... }";
        Optional<MethodRef> closer = doors.closerOf(f.sessionType());
        if (closer.isPresent()) {
            fix += (closeInFinally || declared != null ? ", or release it in a finally block with " : ", or close it in a finally block with ")
                    + closer.get().asCall().replace("()", "(" + name + ")");
        }
        return fix;
    }
}
