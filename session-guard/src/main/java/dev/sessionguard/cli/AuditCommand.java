package dev.sessionguard.cli;

import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.report.ReactorReport;
import dev.sessionguard.report.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code audit}: runs the rule set of the tests over classes folders, jars and Maven modules, and reports. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Reports where a code base stands: per rule, per file, with line and fix, and against the baseline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing new", "1:new violations",
                "2:bad input or configuration, or a crash (out of memory included; never 1)"})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), markdown, json, sarif or html")
    ReportFormat format = ReportFormat.text;

    @Option(names = "--output", paramLabel = "FILE", description = "write the report to FILE instead of stdout")
    Path output;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws IOException {
        policyOptions.skipUnreadable = target.skipUnreadable;
        Reactor reactor = ReactorAudit.of(target.paths);
        if (reactor != null) {
            ReactorReport report = ReactorAudit.run(reactor, policyOptions, target.baseline(), target.skipUnreadable,
                    spec.commandLine().getErr(), Audit.Progress.forTerminal(spec.commandLine().getErr())).report();
            write(spec, output, format.render(report));
            return report.newCount() == 0 ? 0 : 1;
        }
        Path configFile = policyOptions.configFile(target.paths);
        SessionPolicy policy = policyOptions.policy(configFile);
        AuditReport report = Audit.runNamingConfiguration(configFile, () -> Audit.run(policy, target.paths,
                policyOptions.classpathEntries(), target.baseline(), target.skipUnreadable,
                Audit.Progress.forTerminal(spec.commandLine().getErr()))).report();
        if (configFile != null) {
            spec.commandLine().getErr().println("session-guard: configuration from " + configFile);
        }
        write(spec, output, format.render(report));
        return report.newCount() == 0 ? 0 : 1;
    }

    static void write(CommandSpec spec, Path output, String rendered) throws IOException {
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UsageException("--output " + output + ": no such folder " + parent);
            }
            replace(output, rendered);
        } else {
            spec.commandLine().getOut().print(rendered);
            spec.commandLine().getOut().flush();
        }
    }

    /**
     * Replaces a report file atomically: the report is written to a temporary file in the same folder, then moved into
     * place, so that a reader (or a concurrent audit) sees the old report or the new one, never an empty or partial
     * one. The file's permissions are kept; a symbolic link's target is replaced; a device or FIFO is written to.
     */
    static void replace(Path output, String rendered) throws IOException {
        Path target = Files.isSymbolicLink(output) && Files.exists(output) ? output.toRealPath() : output.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            Files.writeString(target, rendered, StandardCharsets.UTF_8);
            return;
        }
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, rendered, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            PosixFileAttributeView kept = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (kept != null && Files.exists(target)) {
                Files.setPosixFilePermissions(temp, kept.readAttributes().permissions());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
