package dev.sessionguard.maven;

import dev.sessionguard.cli.BuildCheck;
import dev.sessionguard.rules.Violation;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/**
 * {@code check}: the rules over the module's classes; new violations fail the build with their full messages and the
 * summary per rule. The baseline is treated as in the tests: {@code auto} shrinks it locally as violations are fixed,
 * on CI ({@code CI=true}) or in mode {@code verify} nothing is written and fixed entries are reported as removable.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class CheckMojo extends SessionGuardMojo {
    /** With false, new violations are reported (as warnings) without failing the build. */
    @Parameter(defaultValue = "true")
    boolean failOnViolation;

    @Override
    BuildCheck.Goal goal() {
        return BuildCheck.Goal.CHECK;
    }

    @Override
    void handle(BuildCheck.Result result) throws MojoFailureException {
        if (result.isSkipped()) {
            return;
        }
        List<Violation> fresh = result.newViolations();
        if (fresh.isEmpty()) {
            int classes = result.report().analysedClasses();
            getLog().info("session-guard: no new violations in " + result.module().id() + " (" + classes
                    + (classes == 1 ? " class)" : " classes)"));
            summary(result);
        } else if (failOnViolation) {
            throw new MojoFailureException(result.failure());
        } else {
            result.failure().lines().forEach(line -> getLog().warn(line));
        }
    }
}
