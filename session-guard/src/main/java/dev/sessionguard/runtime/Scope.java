package dev.sessionguard.runtime;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A test, a test class (its {@code @BeforeAll} to {@code @AfterAll}), or the run itself: what was opened during it. */
final class Scope {
    /** Closed sessions are dropped every so many openings, young, so that a long test keeps only open ones. */
    private static final int SWEEP_EVERY = 64;

    final String name;
    final Scope parent;
    final boolean perTest;
    private final Queue<OpenedSession> opened = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean ended;

    Scope(String name, Scope parent, boolean perTest) {
        this.name = name;
        this.parent = parent;
        this.perTest = perTest;
    }

    void add(OpenedSession session) {
        opened.add(session);
        if (count.incrementAndGet() % SWEEP_EVERY == 0) {
            opened.removeIf(s -> !s.isOpen());
        }
    }

    boolean ended() {
        return ended;
    }

    /** Ends the scope and returns the sessions still open, in the order they were opened. */
    List<OpenedSession> end() {
        ended = true;
        return opened.stream().filter(OpenedSession::isOpen).filter(s -> !s.containerBound() && !s.heldForASession()).toList();
    }
}
