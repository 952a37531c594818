package dev.sessionguard.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.report.TextReport;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code audit}: runs the rule set of the tests over classes folders, jars and Maven modules, and reports. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Reports where a code base stands: per rule, per file, with line and fix.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing new", "1:new violations", "2:bad input or configuration"})
final class AuditCommand implements Callable<Integer> {
    enum Format { text }

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default)")
    Format format = Format.text;

    @Option(names = "--output", paramLabel = "FILE", description = "write the report to FILE instead of stdout")
    Path output;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "a classes folder, a jar, or a Maven module folder")
    List<Path> paths;

    @Override
    public Integer call() throws IOException {
        Path configFile = policyOptions.configFile(paths);
        SessionPolicy policy = policyOptions.policy(configFile);
        if (configFile != null) {
            spec.commandLine().getErr().println("session-guard: configuration from " + configFile);
        }
        AuditReport report = audit(policy, paths, policyOptions.classpathEntries());
        String rendered = TextReport.render(report);
        if (output != null) {
            Files.writeString(output, rendered, StandardCharsets.UTF_8);
        } else {
            spec.commandLine().getOut().print(rendered);
            spec.commandLine().getOut().flush();
        }
        return report.violations().isEmpty() ? 0 : 1;
    }

    /** Imports the PATHs and evaluates every session rule: the same rules the tests run. */
    static AuditReport audit(SessionPolicy policy, List<Path> paths, List<Path> classpath) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassImport.loaderFor(paths, classpath, previous));
        try {
            JavaClasses classes = ClassImport.importAll(paths);
            List<Violation> violations = new ArrayList<>();
            for (ArchRule rule : SessionRules.all(policy)) {
                violations.addAll(SessionRules.violations(rule.evaluate(classes)));
            }
            return new AuditReport(paths.stream().map(Path::toString).toList(), classes.size(), violations);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
