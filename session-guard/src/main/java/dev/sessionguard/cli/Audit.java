package dev.sessionguard.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.report.BaselineComparison;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.rules.PolicyCheck;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.UsageCensus;
import dev.sessionguard.rules.Violation;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What {@code audit} and {@code baseline} share: import the PATHs, evaluate the rules of the tests, compare. */
final class Audit {
    private Audit() {
    }

    /** The result: the report, and the violation messages per rule description (what a freeze writes). */
    record Outcome(AuditReport report, Map<String, List<String>> messagesByRule, Path baselineFolder) {
    }

    static Outcome run(SessionPolicy policy, List<Path> paths, List<Path> classpath, Path baselineOption,
                       boolean skipUnreadable, Progress progress) {
        return run(policy, paths, classpath, baselineOption, skipUnreadable, progress, (classes, folder) -> { });
    }

    /** What runs over the import before it is compared with the baseline (the build plugin's frozen rules). */
    interface BaselinePass {
        void run(JavaClasses classes, Path baselineFolder);
    }

    /** An audit whose baseline {@code pass} may first shrink or write; the comparison reads the baseline it left. */
    static Outcome run(SessionPolicy policy, List<Path> paths, List<Path> classpath, Path baselineOption,
                       boolean skipUnreadable, Progress progress, BaselinePass pass) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the analysed code's classes come from its PATHs and --classpath alone, never from session-guard's own class path
        // (a library both have, in another version, would give the summaries of the version the analysed code never runs)
        URLClassLoader loader = ClassImport.loaderFor(paths, classpath, ClassLoader.getPlatformClassLoader());
        thread.setContextClassLoader(loader);
        try {
            progress.say("importing " + String.join(", ", paths.stream().map(Path::toString).toList()));
            JavaClasses classes = ClassImport.importAll(paths);
            List<AuditReport.Warning> skipped = new ArrayList<>(ClassImport.checkClassFiles(paths, classes, skipUnreadable));
            for (PolicyCheck.ClassPathGap gap : PolicyCheck.classPathGaps(policy, classes)) {
                skipped.add(new AuditReport.Warning(gap.setting(), gap.reason()));
            }
            Path folder = baselineFolder(policy, paths, baselineOption);
            pass.run(classes, folder);
            List<Violation> violations = new ArrayList<>();
            Map<String, List<String>> messages = new LinkedHashMap<>();
            for (ArchRule rule : SessionRules.all(policy)) {
                progress.say("evaluating " + rule.getDescription().substring(0, 5) + " over " + classes.size() + " classes");
                List<Violation> found = SessionRules.violations(rule.evaluate(classes));
                violations.addAll(found);
                messages.put(rule.getDescription(), found.stream().map(Violation::message).toList());
            }
            progress.say("counting correct usages");
            UsageCensus census = UsageCensus.of(policy, classes);
            BaselineComparison comparison = BaselineComparison.compare(violations, SessionBaseline.read(folder));
            progress.done();
            AuditReport report = new AuditReport(paths.stream().map(Path::toString).toList(), classes.size(), violations,
                    comparison, Files.isDirectory(folder) ? folder.toString() : null, census, skipped);
            return new Outcome(report, messages, folder);
        } finally {
            thread.setContextClassLoader(previous);
            try {
                loader.close();
            } catch (IOException e) {
                // the analysis is complete; a jar that fails to close loses nothing
            }
        }
    }

    /**
     * Runs an audit whose configuration errors found against the analysed code name the file they come from (the one
     * line a bad configuration gets), as the errors found while reading it do.
     */
    static Outcome runNamingConfiguration(Path configFile, Supplier<Outcome> audit) {
        try {
            return audit.get();
        } catch (SessionGuardConfigurationException e) {
            String prefix = "session-guard: ";
            if (configFile == null || e.getMessage().startsWith(prefix + configFile)) {
                throw e;
            }
            throw new SessionGuardConfigurationException(configFile + ": " + e.getMessage().substring(prefix.length()));
        }
    }

    /** {@code --baseline}, else {@code sessionguard.baseline} under the first module PATH (or the working folder). */
    static Path baselineFolder(SessionPolicy policy, List<Path> paths, Path option) {
        if (option != null) {
            return option;
        }
        Path root = paths.stream().filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).findFirst().orElse(Path.of(""));
        return root.resolve(policy.baseline()).normalize();
    }

    /** Progress on stderr while it is a terminal; nothing otherwise. */
    static final class Progress {
        private final PrintWriter err;
        private final boolean on;

        Progress(PrintWriter err, boolean on) {
            this.err = err;
            this.on = on;
        }

        static Progress forTerminal(PrintWriter err) {
            return new Progress(err, System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")));
        }

        void say(String what) {
            if (on) {
                err.print("\r\033[K" + what + " ...");
                err.flush();
            }
        }

        void done() {
            if (on) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
