package dev.sessionguard.cli;

import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.ReactorReport;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code audit} and {@code baseline} of a Maven reactor: every built module on its own, with its own
 * {@code session-guard.properties} (else the root's) and its own baseline folder; the reactor's classes folders resolve
 * each other. Modules without classes are listed as skipped.
 */
final class ReactorAudit {
    /** Source folders a module's classes may come from, in the order they are tried for report paths. */
    private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/main/kotlin", "src/main/scala",
            "src/main/groovy");

    private ReactorAudit() {
    }

    /** What a run found: the aggregated report, and each module's outcome (what a freeze writes). */
    record Outcome(ReactorReport report, List<Audit.Outcome> modules) {
    }

    static Outcome run(Reactor reactor, PolicyOptions options, Path baselineOption, boolean skipUnreadable, PrintWriter err,
                       Audit.Progress progress) {
        if (baselineOption != null) {
            throw new UsageException("--baseline " + baselineOption + ": a reactor keeps one baseline per module"
                    + " (sessionguard.baseline under each module folder); leave --baseline out");
        }
        reactor.requireBuilt();
        List<Path> classpath = new ArrayList<>(reactor.classFolders());
        classpath.addAll(options.classpathEntries());
        List<ReactorReport.Module> modules = new ArrayList<>();
        List<Audit.Outcome> outcomes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        NoSessionApiException noneUsed = null;
        for (Reactor.Module module : reactor.modules()) {
            if (!module.built()) {
                skipped.add(module.id() + " (no target/classes)");
                continue;
            }
            Path config = configFile(reactor, module, options);
            SessionPolicy policy = options.policy(config);
            if (config != null) {
                err.println("session-guard: " + module.id() + ": configuration from " + config);
            }
            Path baseline = module.dir().resolve(policy.baseline()).normalize();
            Audit.Outcome outcome;
            try {
                outcome = Audit.run(policy, List.of(module.dir()), classpath, baseline, skipUnreadable, progress);
            } catch (NoSessionApiException e) {
                // a module without database code; only a reactor where no module has any is misconfigured
                skipped.add(module.id() + " (uses no session API)");
                noneUsed = e;
                continue;
            }
            outcomes.add(outcome);
            modules.add(new ReactorReport.Module(module.id(), sourceRoot(module), outcome.report()));
        }
        if (modules.isEmpty() && noneUsed != null) {
            throw noneUsed;
        }
        return new Outcome(new ReactorReport(reactor.root().toString(), modules, skipped), outcomes);
    }

    /** {@code --config}, else the module's own test configuration, else the root's. */
    private static Path configFile(Reactor reactor, Reactor.Module module, PolicyOptions options) {
        if (options.config != null) {
            return options.configFile(List.of());
        }
        return Stream.of(module.dir().resolve(PolicyOptions.MODULE_CONFIG),
                        reactor.root().resolve(PolicyOptions.MODULE_CONFIG),
                        reactor.root().resolve(PolicyConfiguration.RESOURCE))
                .filter(Files::isRegularFile).findFirst().orElse(null);
    }

    private static String sourceRoot(Reactor.Module module) {
        String root = SOURCE_ROOTS.stream().filter(r -> Files.isDirectory(module.dir().resolve(r))).findFirst()
                .orElse(SOURCE_ROOTS.get(0));
        return module.id() + "/" + root;
    }

    /** The reactor named by the PATHs, or null; a reactor root must be the only PATH. */
    static Reactor of(List<Path> paths) {
        for (Path path : paths) {
            Reactor reactor = Files.isDirectory(path) ? Reactor.of(path) : null;
            if (reactor != null) {
                if (paths.size() > 1) {
                    throw new UsageException(path + ": a Maven reactor root must be the only PATH (it names its modules)");
                }
                return reactor;
            }
        }
        return null;
    }
}
