package dev.sessionguard.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which scope is watching which thread. One per JVM, because Hibernate creates its session listener by class name,
 * with no way to hand it a context.
 */
final class Ledger {
    static final Ledger INSTANCE = new Ledger();

    /** Threads a test starts inherit its scope; a scope that has ended no longer counts. */
    private final InheritableThreadLocal<Scope> current = new InheritableThreadLocal<>();
    /** Set while a watched factory opens a session, so that Hibernate's own listener does not count it twice. */
    private final ThreadLocal<Boolean> opening = new ThreadLocal<>();
    /** Set while a container builds a test's application context: what its beans open is the context's, no test's. */
    private final ThreadLocal<Boolean> containerStarting = new ThreadLocal<>();
    private final Set<Scope> active = ConcurrentHashMap.newKeySet();
    private volatile Scope unattributed = newUnattributed();

    private Ledger() {
    }

    Scope begin(String name, Scope parent, boolean perTest) {
        Scope scope = new Scope(name, parent, perTest);
        active.add(scope);
        current.set(scope);
        return scope;
    }

    List<OpenedSession> end(Scope scope) {
        active.remove(scope);
        if (current.get() == scope) {
            current.set(scope.parent);
        }
        return scope.end();
    }

    /** Ends the scope of sessions no single test could be named for, and starts a fresh one. */
    synchronized List<OpenedSession> endUnattributed() {
        Scope ended = unattributed;
        unattributed = newUnattributed();
        return ended.end();
    }

    /** A worker of a JDK pool, which runs the tasks of whoever submits them. */
    private static boolean isPoolThread() {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return true;
        }
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")));
    }

    private static Scope newUnattributed() {
        return new Scope("one of several tests running at once", null, false);
    }

    /**
     * Runs a task as the scope that submitted it (none: as a thread no test started), whatever scope this pool thread
     * inherited when it was created.
     */
    void runAs(Scope submitter, Runnable task) {
        Scope previous = current.get();
        current.set(submitter);
        try {
            task.run();
        } finally {
            current.set(previous);
        }
    }

    /** The scope of this thread, if it has one still running: a test that runs tests encloses theirs. */
    Scope currentScope() {
        Scope mine = current.get();
        while (mine != null && mine.ended()) {
            mine = mine.parent;
        }
        return mine;
    }

    /** Records a session opened now, or returns null when no test is being watched. */
    OpenedSession opened(String type, Object handle) {
        return opened(type, handle, null);
    }

    /** The same, for a session that may also end without a close: when {@code released} says so. */
    OpenedSession opened(String type, Object handle, BooleanSupplier released) {
        if (active.isEmpty() || containerStarting.get() != null) {
            return null;
        }
        Scope scope = scopeOfThisThread();
        OpenedSession session = new OpenedSession(type, handle, released);
        scope.add(session);
        return session;
    }

    /** Runs a container's start-up on this thread without recording what it opens. */
    <T> T whileContainerStarts(Supplier<T> startUp) {
        if (containerStarting.get() != null) {
            return startUp.get();
        }
        containerStarting.set(Boolean.TRUE);
        try {
            return startUp.get();
        } finally {
            containerStarting.remove();
        }
    }

    boolean watchedFactoryOpening() {
        return opening.get() != null;
    }

    void openingThroughWatchedFactory(boolean on) {
        if (on) {
            opening.set(Boolean.TRUE);
        } else {
            opening.remove();
        }
    }

    /**
     * This thread's scope; for a thread no test started (a server's worker), the one test or class running. A pool
     * thread that inherited its scope from a test that has ended now runs another test's task: it is that test's.
     */
    private Scope scopeOfThisThread() {
        Scope inherited = current.get();
        Scope mine = inherited != null && inherited.ended() && inherited.perTest && isPoolThread() ? null : currentScope();
        if (mine != null) {
            return mine;
        }
        // a scope another one runs inside (a test that runs tests through JUnit's launcher) is not running itself
        Set<Scope> enclosing = new HashSet<>();
        for (Scope s : active) {
            for (Scope p = s.parent; p != null; p = p.parent) {
                enclosing.add(p);
            }
        }
        Scope onlyTest = null;
        Scope onlyClass = null;
        int tests = 0;
        int classes = 0;
        for (Scope s : active) {
            if (enclosing.contains(s)) {
                continue;
            }
            if (s.perTest) {
                tests++;
                onlyTest = s;
            } else {
                classes++;
                onlyClass = s;
            }
        }
        if (tests == 1) {
            return onlyTest;
        }
        if (tests == 0 && classes == 1) {
            return onlyClass;
        }
        return unattributed;
    }
}
