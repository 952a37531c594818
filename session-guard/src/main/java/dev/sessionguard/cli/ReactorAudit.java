package dev.sessionguard.cli;

import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.UnmatchedDbPackagesException;
import dev.sessionguard.report.ReactorReport;
import dev.sessionguard.report.SourceRoots;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code audit} and {@code baseline} of a Maven reactor: every built module on its own, with its own
 * {@code session-guard.properties} (else the root's) and its own baseline folder; the reactor's classes folders resolve
 * each other. Modules without classes are listed as skipped. Configured db packages must match in one module at least
 * (the module that owns them); a module without database code is skipped.
 */
final class ReactorAudit {
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
        // per configured value of sessionguard.dbPackages: whether a module using it holds them, else the first error
        Map<List<String>, List<String>> unmatched = new LinkedHashMap<>();
        Set<List<String>> matched = new HashSet<>();
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
                try {
                    outcome = Audit.run(policy, List.of(module.dir()), classpath, baseline, skipUnreadable, progress);
                    matched.add(policy.dbPackages());
                } catch (UnmatchedDbPackagesException e) {
                    // the db packages may live in another module: only a reactor where none holds them is misconfigured
                    unmatched.computeIfAbsent(policy.dbPackages(), k -> new ArrayList<>()).add(module.id());
                    outcome = Audit.run(policy.toBuilder().dbPackagesMayMatchNothing().build(), List.of(module.dir()),
                            classpath, baseline, skipUnreadable, progress);
                }
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
        for (Map.Entry<List<String>, List<String>> e : unmatched.entrySet()) {
            if (!matched.contains(e.getKey())) {
                throw new UnmatchedDbPackagesException(PolicyConfiguration.DB_PACKAGES, String.join(",", e.getKey()),
                        "no class of the modules that use this value (" + String.join(", ", e.getValue())
                                + ") lies in these packages, nor a class they use");
            }
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
        return module.id() + "/" + SourceRoots.of(module.dir());
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
