package dev.sessionguard.runtime;

import dev.sessionguard.policy.Preset;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Words leaked sessions in the rule vocabulary: {@code SG002 runtime: <type> opened at <site> during <test> ...}. */
final class LeakReport {
    /** Frames of these packages are the machinery between the application and the database, not the application. */
    private static final List<String> FRAMEWORK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.hibernate.", "jakarta.", "org.apache.ibatis.", "org.mybatis.", "com.zaxxer.hikari.", "org.h2.",
            "org.springframework.", "org.junit.", "org.apache.maven.surefire.", "org.gradle.", "net.bytebuddy.",
            "dev.sessionguard.runtime.");

    /** The presets' session types: a method that returns one hands a session out (a wrapper, a door). */
    private static final Set<String> SESSION_TYPES = Arrays.stream(Preset.values())
            .flatMap(p -> p.sessionTypes().stream()).collect(Collectors.toUnmodifiableSet());

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

    /**
     * One leak: the message line naming the opener, then the stack from the first application frame (the doors the
     * opener went through included), framework runs folded to one line each.
     */
    static String describe(OpenedSession leak, String scope) {
        StackTraceElement[] stack = leak.origin.getStackTrace();
        int opener = firstApplicationFrame(stack);
        StringBuilder text = new StringBuilder("SG002 runtime: ").append(leak.type()).append(" opened at ")
                .append(site(stack[opener])).append(" during ").append(scope).append(" was never closed");
        int folded = 0;
        int first = Math.min(opener, firstOutsideFrameworks(stack));
        for (int i = first; i < stack.length; i++) {
            if (isFramework(stack[i]) && i != first) {
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
     * The opener: the first application frame outside the configured sources' classes and outside the methods that
     * hand a session out (the db package's wrapper {@code Db#getSession}, a helper returning the session it opened: the
     * door, not the culprit; its caller is). Read only when a leak is reported.
     */
    private static int firstApplicationFrame(StackTraceElement[] stack) {
        Set<String> doors = ConfiguredSources.owners();
        for (int i = 0; i < stack.length; i++) {
            if (!isFramework(stack[i]) && !doors.contains(outermost(stack[i].getClassName())) && !handsASessionOut(stack[i])) {
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

    private static int firstOutsideFrameworks(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (!isFramework(stack[i])) {
                return i;
            }
        }
        return stack.length;
    }

    private static StackTraceElement[] applicationFrames(StackTraceElement[] stack) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = Math.min(firstApplicationFrame(stack), firstOutsideFrameworks(stack)); i < stack.length; i++) {
            if (!isFramework(stack[i]) || frames.isEmpty()) {
                frames.add(stack[i]);
            }
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    /** Whether the frame's method (every overload of its name) returns a session: it is a door, not the opener. */
    private static boolean handsASessionOut(StackTraceElement frame) {
        Class<?> type = load(frame.getClassName());
        if (type == null) {
            return false;
        }
        boolean found = false;
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(frame.getMethodName()) && !m.isBridge()) {
                if (!isSessionType(m.getReturnType())) {
                    return false;
                }
                found = true;
            }
        }
        return found;
    }

    private static boolean isSessionType(Class<?> type) {
        if (type == null || type.isPrimitive()) {
            return false;
        }
        if (SESSION_TYPES.contains(type.getName())) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isSessionType(i)) {
                return true;
            }
        }
        return isSessionType(type.getSuperclass());
    }

    private static Class<?> load(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, LeakReport.class.getClassLoader()}) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // try the next loader; a frame whose class cannot be loaded is not known to hand a session out
            }
        }
        return null;
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
