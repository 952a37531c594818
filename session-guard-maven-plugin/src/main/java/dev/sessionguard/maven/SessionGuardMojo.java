package dev.sessionguard.maven;

import dev.sessionguard.baseline.BaselineException;
import dev.sessionguard.cli.BuildCheck;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the goals share: the module as {@link BuildCheck} sees it, the configuration (the module's
 * {@code src/test/resources/session-guard.properties}, then {@code <properties>}, then {@code -Dsessionguard.<key>}),
 * and the errors: bad configuration is a {@link MojoExecutionException} with the library's one line.
 */
abstract class SessionGuardMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** The module's production classes. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    File classesDirectory;

    /** Skips the goal ({@code -Dsessionguard.skip}; the rules in the tests ignore this property). */
    @Parameter(property = PolicyConfiguration.SKIP, defaultValue = "false")
    boolean skip;

    /** The configuration file; by default the one the tests read, {@code src/test/resources/session-guard.properties}. */
    @Parameter
    File configFile;

    /**
     * Keys of {@code session-guard.properties} that override the file's, such as
     * {@code <sessionguard.dbPackages>com.acme.db..</sessionguard.dbPackages>}; {@code -Dsessionguard.<key>} overrides both.
     */
    @Parameter
    Map<String, String> properties;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("session-guard: skipped (" + PolicyConfiguration.SKIP + ")");
            skipped();
            return;
        }
        BuildCheck.Result result;
        try {
            BuildCheck.Module module = new BuildCheck.Module(project.getArtifactId(), project.getBasedir().toPath(),
                    classesDirectory.toPath(), classpath());
            Path config = BuildCheck.configFile(module.dir(), configFile == null ? null : configFile.toPath());
            SessionPolicy policy = BuildCheck.policy(config, overrides());
            result = BuildCheck.run(goal(), module, config, policy, System.getenv("CI"));
            if (result.isSkipped()) {
                getLog().info("session-guard: skipped " + result.skipped());
            } else {
                if (config != null) {
                    getLog().info("session-guard: configuration from " + config);
                }
                for (AuditReport.Warning w : result.report().warnings()) {
                    getLog().warn("session-guard: not analysed: " + w.location() + ": " + w.reason());
                }
            }
            handle(result);
        } catch (SessionGuardConfigurationException | BaselineException | UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    abstract BuildCheck.Goal goal();

    /** What the goal does with the result (skipped modules included). */
    abstract void handle(BuildCheck.Result result) throws MojoFailureException;

    /** Called instead of {@link #handle} when the goal is skipped. */
    void skipped() {
    }

    /** The module's dependencies (compile, provided, runtime, system): what its classes were built and run with. */
    private List<Path> classpath() {
        List<Path> entries = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            File file = a.getFile();
            if (file != null && file.exists() && !file.equals(classesDirectory)) {
                entries.add(file.toPath());
            }
        }
        return entries;
    }

    /** The plugin's {@code <properties>}, then the command line's {@code -Dsessionguard.<key>}. */
    private List<PolicyConfiguration.Overrides> overrides() {
        Map<String, String> commandLine = new TreeMap<>();
        session.getUserProperties().forEach((k, v) -> {
            if (String.valueOf(k).startsWith(PolicyConfiguration.PREFIX)) {
                commandLine.put(String.valueOf(k), String.valueOf(v));
            }
        });
        return List.of(new PolicyConfiguration.Overrides(project.getFile() + " <configuration><properties>",
                        properties == null ? Map.of() : properties),
                new PolicyConfiguration.Overrides("-D", commandLine));
    }

    /** The summary per rule, one line each. */
    void summary(BuildCheck.Result result) {
        result.summary().forEach(line -> getLog().info("  " + line));
    }
}
