package dev.sessionguard.maven;

import dev.sessionguard.cli.BuildCheck;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code audit}: the CLI's audit of the module in every format (text, Markdown, JSON, SARIF, HTML) in
 * {@code target/session-guard/}, against the baseline, never writing it and never failing the build. In a reactor, the
 * last module to finish also writes one SARIF and one HTML for all modules to the root's {@code target/session-guard/}.
 */
@Mojo(name = "audit", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class AuditMojo extends SessionGuardMojo {
    /** Where the reports go. */
    @Parameter(defaultValue = "${project.build.directory}/session-guard", required = true)
    File outputDirectory;

    @Override
    BuildCheck.Goal goal() {
        return BuildCheck.Goal.AUDIT;
    }

    @Override
    void handle(BuildCheck.Result result) {
        if (!result.isSkipped()) {
            List<Path> files = BuildCheck.writeReports(result.report(), outputDirectory.toPath());
            getLog().info("session-guard: " + result.report().violations().size() + " violations, "
                    + result.report().newCount() + " new; reports in " + outputDirectory + ": "
                    + files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")));
            summary(result);
        }
        finished(result);
    }

    @Override
    void skipped() {
        finished(null);
    }

    private void finished(BuildCheck.Result result) {
        ReactorAudit.Done done = ReactorAudit.finished(session, project, result);
        if (done != null) {
            List<Path> files = BuildCheck.writeReactorReports(done.root().getBasedir().toPath(), done.results(),
                    Path.of(done.root().getBuild().getDirectory(), "session-guard"));
            long skipped = done.results().stream().filter(BuildCheck.Result::isSkipped).count();
            getLog().info("session-guard: reactor reports of " + (done.results().size() - skipped) + " modules ("
                    + skipped + " skipped): " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
    }
}
