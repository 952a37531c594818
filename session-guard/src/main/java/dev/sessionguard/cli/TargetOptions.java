package dev.sessionguard.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code audit} and {@code baseline} look at: the PATHs, and the baseline folder. */
final class TargetOptions {
    @Option(names = "--baseline", paramLabel = "DIR",
            description = "the baseline folder (default: sessionguard.baseline under the module PATH)")
    Path baseline;

    @Option(names = "--skip-unreadable",
            description = "audit the rest when a class file cannot be read, and list it as a warning (default: exit 2)")
    boolean skipUnreadable;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "a classes folder, a jar, or a Maven module folder")
    List<Path> paths;

    /** The {@code --baseline} folder, checked: a file there is bad input. */
    Path baseline() {
        if (baseline != null && Files.exists(baseline) && !Files.isDirectory(baseline)) {
            throw new UsageException("--baseline " + baseline + ": not a folder");
        }
        return baseline;
    }
}
