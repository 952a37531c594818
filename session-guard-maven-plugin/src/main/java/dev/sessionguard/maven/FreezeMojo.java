package dev.sessionguard.maven;

import dev.sessionguard.cli.BuildCheck;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code freeze}: writes or regrows the module's baseline from its current violations, as
 * {@code -Dsessionguard.baseline.mode=freeze} does in the tests ({@code mvn compile session-guard:freeze}).
 */
@Mojo(name = "freeze", threadSafe = true, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class FreezeMojo extends SessionGuardMojo {
    @Override
    BuildCheck.Goal goal() {
        return BuildCheck.Goal.FREEZE;
    }

    @Override
    void handle(BuildCheck.Result result) {
        if (!result.isSkipped()) {
            getLog().info("session-guard: baseline of " + result.module().id() + " in "
                    + result.report().baselineFolder().orElse("(nothing to freeze: no violations)"));
            summary(result);
        }
    }
}
