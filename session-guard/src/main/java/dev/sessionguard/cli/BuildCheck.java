package dev.sessionguard.cli;

import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.annotation.Internal;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.report.ReactorReport;
import dev.sessionguard.report.ReportFormat;
import dev.sessionguard.report.SourceRoots;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One module of a build, judged by a build-tool plugin (the Maven plugin; a Gradle plugin would be another thin
 * adapter): the rules of the tests over its production classes, with its dependencies on the class path, the
 * configuration the tests and the CLI read, the baseline folder and modes of the tests, and the CLI's reports.
 * Errors are the ones the rules and the CLI give: {@link SessionGuardConfigurationException} for bad configuration or
 * input, {@link dev.sessionguard.baseline.BaselineException} for a damaged baseline, each one line naming the culprit.
 * Internal: for session-guard's own build plugins, which are released with it (it hands out the reports' model).
 */
@Internal
public final class BuildCheck {
    /** Where a module keeps the configuration its tests read. */
    public static final String MODULE_CONFIG = PolicyOptions.MODULE_CONFIG;
    /** The name every report file of a module starts with ({@code session-guard.sarif}); a reactor's: {@code reactor}. */
    public static final String REPORT_NAME = "session-guard";
    public static final String REACTOR_REPORT_NAME = "reactor";

    private BuildCheck() {
    }

    /** What a goal does with the baseline. */
    public enum Goal {
        /** Fail on new violations; the baseline in the configured mode (auto: shrinks locally; on CI verify). */
        CHECK,
        /** Create or regrow the baseline (mode freeze). */
        FREEZE,
        /** Report against the baseline, never writing it. */
        AUDIT
    }

    /**
     * One module as the build tool sees it.
     *
     * @param id        its name in messages (the artifactId, or its path from the reactor root)
     * @param dir       its folder: the configuration and the baseline folder are found under it
     * @param classes   its compiled production classes
     * @param classpath its dependencies, for the supertypes and bodies the analysis looks up
     */
    public record Module(String id, Path dir, Path classes, List<Path> classpath) {
        public Module {
            dir = dir.toAbsolutePath().normalize();
            classes = classes.toAbsolutePath().normalize();
            classpath = List.copyOf(classpath);
        }
    }

    /**
     * What a run found.
     *
     * @param skipped    why the module was not judged ({@code app (no target/classes)}), or null
     * @param report     the audit of the module (null when skipped)
     * @param configFile the configuration file read, or null (the defaults and overrides only)
     */
    public record Result(Module module, String skipped, AuditReport report, Path configFile) {
        public boolean isSkipped() {
            return skipped != null;
        }

        /** The violations not in the baseline, in report order. */
        public List<Violation> newViolations() {
            return report == null ? List.of() : report.violations().stream().filter(report::isNew).toList();
        }

        /** One line per rule: its baseline status ("SG001: 1 of 2 fixed, 1 left, 0 new") and what can be removed. */
        public List<String> summary() {
            return report == null ? List.of() : report.summaries().stream().map(BuildCheck::summaryLine).toList();
        }

        /** The failure of a check: every new violation's full message, then the summary per rule. */
        public String failure() {
            List<Violation> fresh = newViolations();
            StringBuilder out = new StringBuilder("session-guard: ").append(fresh.size())
                    .append(fresh.size() == 1 ? " new violation in " : " new violations in ").append(module.id()).append('\n');
            fresh.forEach(v -> out.append(v.message()).append('\n'));
            summary().forEach(line -> out.append("  ").append(line).append('\n'));
            return out.toString().stripTrailing();
        }
    }

    /** The one wording of a rule's line in a summary, as {@code baseline} shows it too. */
    static String summaryLine(AuditReport.RuleSummary s) {
        return s.status() + (s.fixed() == 0 ? "" : ", " + s.fixed() + " can be removed from the baseline");
    }

    /**
     * The configuration file in force: {@code configured} (which must exist), else the module's
     * {@code src/test/resources/session-guard.properties}, else none.
     */
    public static Path configFile(Path moduleDir, Path configured) {
        if (configured != null) {
            if (!Files.isRegularFile(configured)) {
                throw new SessionGuardConfigurationException(configured + ": no such configuration file");
            }
            return configured;
        }
        Path own = moduleDir.resolve(MODULE_CONFIG);
        return Files.isRegularFile(own) ? own : null;
    }

    /** The policy of the file (or the defaults), with the overrides on top, later ones winning. */
    public static SessionPolicy policy(Path configFile, List<PolicyConfiguration.Overrides> overrides) {
        return PolicyConfiguration.fromFile(configFile, overrides);
    }

    /**
     * Runs the goal over the module. A module without class files, or whose code uses no session API, is skipped (a
     * reactor's parent, a module without database code). {@code ci} is the value of the {@code CI} environment
     * variable (or null): true turns mode {@code auto} into {@code verify}.
     */
    public static Result run(Goal goal, Module module, Path configFile, SessionPolicy policy, String ci) {
        if (!hasClassFiles(module.classes())) {
            return new Result(module, module.id() + " (no " + shown(module) + ")", null, configFile);
        }
        SessionPolicy effective = goal == Goal.FREEZE ? policy.toBuilder().baselineMode(BaselineMode.FREEZE).build() : policy;
        Path baseline = module.dir().resolve(effective.baseline()).normalize();
        Audit.BaselinePass pass = goal == Goal.AUDIT ? (classes, folder) -> { } : (classes, folder) -> {
            for (ArchRule rule : SessionRules.all(effective)) {
                SessionBaseline.freeze(rule, effective, module.dir(), ci).evaluate(classes);
            }
        };
        try {
            Audit.Outcome outcome = Audit.runNamingConfiguration(configFile, () -> {
                try {
                    return Audit.run(effective, List.of(module.classes()), module.classpath(), baseline,
                            effective.skipUnreadable(), new Audit.Progress(null, false), pass);
                } catch (NoSessionApiException e) {
                    return null;
                }
            });
            return outcome == null ? new Result(module, module.id() + " (uses no session API)", null, configFile)
                    : new Result(module, null, outcome.report(), configFile);
        } catch (UsageException e) {
            throw new SessionGuardConfigurationException(e.getMessage());
        }
    }

    private static String shown(Module module) {
        Path classes = module.classes();
        return classes.startsWith(module.dir()) ? module.dir().relativize(classes).toString() : classes.toString();
    }

    private static boolean hasClassFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(f -> f.toString().endsWith(".class") && Files.isRegularFile(f));
        } catch (IOException e) {
            throw new SessionGuardConfigurationException(folder + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Writes the module's report in every format to {@code folder} ({@code session-guard.txt}, {@code .md},
     * {@code .json}, {@code .sarif}, {@code .html}), each file replaced atomically; returns the files.
     */
    public static List<Path> writeReports(AuditReport report, Path folder) {
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : ReportFormat.values()) {
            written.add(write(folder, REPORT_NAME, format, format.render(report)));
        }
        return written;
    }

    /**
     * The reactor's report of the modules judged (each module's id its path from {@code root}), with the skipped ones,
     * written as SARIF and HTML ({@code reactor.sarif}, {@code reactor.html}) to {@code folder}; returns the files.
     */
    public static List<Path> writeReactorReports(Path root, List<Result> results, Path folder) {
        Path base = root.toAbsolutePath().normalize();
        List<ReactorReport.Module> modules = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Result r : results) {
            String id = base.relativize(r.module().dir()).toString().replace('\\', '/');
            if (r.isSkipped()) {
                skipped.add(r.skipped());
            } else {
                modules.add(new ReactorReport.Module(id.isEmpty() ? "." : id,
                        (id.isEmpty() ? "" : id + "/") + SourceRoots.of(r.module().dir()), r.report()));
            }
        }
        ReactorReport reactor = new ReactorReport(base.toString(), modules, skipped);
        return List.of(write(folder, REACTOR_REPORT_NAME, ReportFormat.sarif, ReportFormat.sarif.render(reactor)),
                write(folder, REACTOR_REPORT_NAME, ReportFormat.html, ReportFormat.html.render(reactor)));
    }

    private static final Map<ReportFormat, String> EXTENSIONS = Map.of(ReportFormat.text, "txt", ReportFormat.markdown, "md",
            ReportFormat.json, "json", ReportFormat.sarif, "sarif", ReportFormat.html, "html");

    private static Path write(Path folder, String name, ReportFormat format, String rendered) {
        Path file = folder.resolve(name + "." + EXTENSIONS.get(format));
        try {
            Files.createDirectories(folder);
            AuditCommand.replace(file, rendered);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written (" + e.getMessage() + ")", e);
        }
        return file;
    }
}
