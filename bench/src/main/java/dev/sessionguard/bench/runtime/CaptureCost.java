package dev.sessionguard.bench.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What recording an opener costs, one way against the other, at the depths of {@code RuntimeOverhead}: a full capture
 * ({@code new Throwable()}, frames resolved only on a leak: what {@code @SessionLeakCheck} does) against a capture once
 * per call site, where a {@link StackWalker} walks only down to the first application frame (past the framework
 * frames between it and the opening) and a cached capture stands for every later opening there.
 * Usage: {@code CaptureCost [DEPTH] [FRAMEWORK_FRAMES]}; prints nanoseconds per opening for each.
 */
public final class CaptureCost {
    private static final int OPENINGS = 200_000;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Map<String, Throwable> BY_SITE = new ConcurrentHashMap<>();
    static Object sink;

    private CaptureCost() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 77;
        int framework = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        for (int round = 0; round < 5; round++) {
            long full = application(depth - framework, framework, false);
            long perSite = application(depth - framework, framework, true);
            System.out.printf("depth %d, %d framework frames: full capture %d ns, once per call site %d ns%n",
                    depth, framework, full / OPENINGS, perSite / OPENINGS);
        }
    }

    /** The application's frames (the test runner's included) down to the opener. */
    private static long application(int frames, int framework, boolean perSite) {
        if (frames > 1) {
            return application(frames - 1, framework, perSite);
        }
        long start = System.nanoTime();
        for (int i = 0; i < OPENINGS; i++) {
            frameworkOpen(framework, perSite);
        }
        return System.nanoTime() - start;
    }

    /** The pool's or ORM's frames between the application's call and the recording. */
    private static void frameworkOpen(int frames, boolean perSite) {
        if (frames > 1) {
            frameworkOpen(frames - 1, perSite);
            return;
        }
        if (!perSite) {
            sink = new Throwable();
            return;
        }
        Optional<String> site = WALKER.walk(s -> s.dropWhile(f -> f.getMethodName().startsWith("framework"))
                .findFirst().map(f -> f.getClassName() + "#" + f.getMethodName() + ":" + f.getByteCodeIndex()));
        sink = BY_SITE.computeIfAbsent(site.orElse("?") + "/Connection", k -> new Throwable());
    }
}
