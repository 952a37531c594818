package dev.sessionguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Words leaked sessions in the rule vocabulary: {@code SG002 runtime: <type> opened at <site> during <test> ...}. */
final class LeakReport {
    /** Frames of these packages are the machinery between the application and the database, not the application. */
    private static final List<String> FRAMEWORK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.hibernate.", "jakarta.", "org.apache.ibatis.", "org.mybatis.", "com.zaxxer.hikari.", "org.h2.",
            "org.springframework.", "org.junit.", "org.apache.maven.surefire.", "org.gradle.", "net.bytebuddy.",
            "dev.sessionguard.runtime.");

    private LeakReport() {
    }

    static AssertionError error(String scope, List<OpenedSession> leaks) {
        StringBuilder message = new StringBuilder();
        for (OpenedSession leak : leaks) {
            if (message.length() > 0) {
                message.append('\n');
            }
            message.append(describe(leak, scope));
        }
        AssertionError error = new AssertionError(message.toString());
        error.setStackTrace(applicationFrames(leaks.get(0).origin.getStackTrace()));
        return error;
    }

    /** One leak: the message line, then the opener's stack, framework runs folded to one line each. */
    static String describe(OpenedSession leak, String scope) {
        StackTraceElement[] stack = leak.origin.getStackTrace();
        int opener = firstApplicationFrame(stack);
        StringBuilder text = new StringBuilder("SG002 runtime: ").append(leak.type()).append(" opened at ")
                .append(site(stack[opener])).append(" during ").append(scope).append(" was never closed");
        int folded = 0;
        for (int i = opener; i < stack.length; i++) {
            if (isFramework(stack[i]) && i != opener) {
                folded++;
                continue;
            }
            if (folded > 0) {
                text.append("\n\t... ").append(folded).append(" framework frames");
                folded = 0;
            }
            text.append("\n\tat ").append(stack[i]);
        }
        if (folded > 0) {
            text.append("\n\t... ").append(folded).append(" framework frames");
        }
        return text.toString();
    }

    static String site(StackTraceElement frame) {
        String file = frame.getFileName() == null ? "Unknown Source" : frame.getFileName()
                + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "");
        return frame.getClassName() + "#" + frame.getMethodName() + "(" + file + ")";
    }

    /**
     * The opener: the first application frame outside the configured sources' classes (the db package's wrapper
     * {@code Db#getSession} and the helpers it calls are the door, not the culprit; its caller is).
     */
    private static int firstApplicationFrame(StackTraceElement[] stack) {
        Set<String> doors = ConfiguredSources.owners();
        for (int i = 0; i < stack.length; i++) {
            if (!isFramework(stack[i]) && !doors.contains(outermost(stack[i].getClassName()))) {
                return i;
            }
        }
        for (int i = 0; i < stack.length; i++) {
            if (!isFramework(stack[i])) {
                return i;
            }
        }
        for (int i = 0; i < stack.length; i++) {
            if (!stack[i].getClassName().startsWith("dev.sessionguard.runtime.")) {
                return i;
            }
        }
        return 0;
    }

    private static StackTraceElement[] applicationFrames(StackTraceElement[] stack) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = firstApplicationFrame(stack); i < stack.length; i++) {
            if (!isFramework(stack[i]) || frames.isEmpty()) {
                frames.add(stack[i]);
            }
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    /** A nested or lambda class counts as the class it is declared in. */
    private static String outermost(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    private static boolean isFramework(StackTraceElement frame) {
        String type = frame.getClassName();
        if (type.contains("$Proxy") || type.contains("$$")) {
            return true;
        }
        for (String prefix : FRAMEWORK) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
