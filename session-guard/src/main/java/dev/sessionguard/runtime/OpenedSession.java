package dev.sessionguard.runtime;

import dev.sessionguard.policy.Preset;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A session a watched factory handed out while a scope was watching: what it is, where it was opened. */
final class OpenedSession {
    /** Where the session was opened; its stack trace is resolved only if the session leaks. */
    static final class OpenedHere extends Throwable {
        private static final long serialVersionUID = 1L;

        OpenedHere() {
            super(null, null, false, true);
        }
    }

    private static final String CONNECTION = "java.sql.Connection";
    /** The presets' session-bearing results named by class and method that return a {@code Stream}. */
    private static final Set<String> RESULT_CALLS = Preset.resultMethods(Stream.class.getName());

    private static final ClassValue<Method> LIVENESS = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (String name : new String[] {"isClosed", "isOpen"}) {
                try {
                    Method m = type.getMethod(name);
                    if (m.getReturnType() == boolean.class) {
                        m.setAccessible(true);
                        return m;
                    }
                } catch (NoSuchMethodException | RuntimeException e) {
                    // try the next name
                }
            }
            return null;
        }
    };

    /** The session's type, or null for a Hibernate session whose API the opener's stack tells. */
    private final String type;
    final Throwable origin;
    /** The session itself when nothing tells us of its close (it is then asked); null when a notice will come. */
    private final Object handle;
    /** What else ends it without a close (a cursor read to its end), or null. */
    private final BooleanSupplier released;
    private volatile boolean closed;

    OpenedSession(String type, Object handle) {
        this(type, handle, null);
    }

    OpenedSession(String type, Object handle, BooleanSupplier released) {
        this.type = type;
        this.handle = handle;
        this.released = released;
        this.origin = new OpenedHere();
    }

    /**
     * The type the application asked for; for a connection a session-bearing result took and keeps until it is closed
     * ({@code JdbcTemplate#queryForStream}), that result: {@code java.util.stream.Stream from <the call>}.
     */
    String type() {
        if (CONNECTION.equals(type)) {
            for (StackTraceElement frame : origin.getStackTrace()) {
                if (RESULT_CALLS.contains(frame.getClassName() + "#" + frame.getMethodName())) {
                    return Stream.class.getName() + " from " + frame.getClassName() + "#" + frame.getMethodName();
                }
            }
        }
        if (type != null) {
            return type;
        }
        for (StackTraceElement frame : origin.getStackTrace()) {
            if (frame.getClassName().startsWith("org.hibernate.")) {
                if (frame.getMethodName().equals("createEntityManager")) {
                    return "jakarta.persistence.EntityManager";
                }
                if (frame.getMethodName().equals("openStatelessSession")) {
                    return "org.hibernate.StatelessSession";
                }
            }
        }
        return "org.hibernate.Session";
    }

    void markClosed() {
        closed = true;
    }

    boolean isOpen() {
        if (!closed && released != null && released.getAsBoolean()) {
            return false;
        }
        if (closed || handle == null) {
            return !closed;
        }
        Method liveness = LIVENESS.get(handle.getClass());
        if (liveness == null) {
            return true;
        }
        try {
            boolean answer = (boolean) liveness.invoke(handle);
            return liveness.getName().equals("isOpen") == answer;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /**
     * A connection that a Hibernate or MyBatis session, or a watched repository's result (a Spring Data JDBC
     * {@code Stream}), took from a watched data source for its own work: the session or result gives it back when it
     * closes, and one left open is reported itself.
     */
    boolean heldForASession() {
        if (!CONNECTION.equals(type)) {
            return false;
        }
        for (StackTraceElement frame : origin.getStackTrace()) {
            if (frame.getClassName().startsWith("org.hibernate.") || frame.getClassName().startsWith("org.apache.ibatis.")
                    || frame.getClassName().equals(WatchedFactory.DELEGATING)) {
                return true;
            }
        }
        return false;
    }

    /** Opened by a container's current-session context, which closes it when its transaction ends. */
    boolean containerBound() {
        for (StackTraceElement frame : origin.getStackTrace()) {
            if (frame.getMethodName().equals("getCurrentSession") || frame.getClassName().startsWith("org.hibernate.context.")) {
                return true;
            }
        }
        return false;
    }
}
