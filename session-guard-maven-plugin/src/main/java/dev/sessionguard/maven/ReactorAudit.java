package dev.sessionguard.maven;

import dev.sessionguard.cli.BuildCheck;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The audits of one reactor build, collected so that the last module to finish (in any order: {@code -T 2}) writes the
 * reactor's reports. A module takes part when its build binds the {@code audit} goal or the command line names it.
 */
final class ReactorAudit {
    static final String PLUGIN_KEY = "dev.sessionguard:session-guard-maven-plugin";

    /** Per build (a parallel build's sessions share its request). */
    private static final Map<MavenExecutionRequest, ReactorAudit> BUILDS = new WeakHashMap<>();

    private final MavenProject root;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Map<String, BuildCheck.Result> results = new HashMap<>();
    private final Set<String> finished = new LinkedHashSet<>();

    /** What the last module hands over: the execution root and every module's result, in reactor order. */
    record Done(MavenProject root, List<BuildCheck.Result> results) {
    }

    private ReactorAudit(MavenSession session, MavenProject root) {
        this.root = root;
        for (MavenProject p : session.getProjects()) {
            if (runsAudit(p, session.getGoals())) {
                expected.add(p.getId());
            }
        }
    }

    /**
     * Records a module's audit (null: skipped); returns the reactor's results when it was the last of a reactor build
     * (an execution root with modules), null otherwise.
     */
    static Done finished(MavenSession session, MavenProject project, BuildCheck.Result result) {
        MavenProject root = session.getProjects().stream().filter(MavenProject::isExecutionRoot).findFirst().orElse(null);
        if (root == null || root.getModules().isEmpty() || session.getProjects().size() < 2) {
            return null;
        }
        synchronized (BUILDS) {
            ReactorAudit build = BUILDS.computeIfAbsent(session.getRequest(), r -> new ReactorAudit(session, root));
            build.finished.add(project.getId());
            if (result != null) {
                build.results.put(project.getId(), result);
            }
            if (!build.finished.containsAll(build.expected) || build.results.isEmpty()) {
                return null;
            }
            BUILDS.remove(session.getRequest());
            List<BuildCheck.Result> ordered = new ArrayList<>();
            for (MavenProject p : session.getProjects()) {
                BuildCheck.Result r = build.results.get(p.getId());
                if (r != null) {
                    ordered.add(r);
                }
            }
            return new Done(build.root, ordered);
        }
    }

    /** Whether the project's build binds {@code audit}, or the command line asks for it. */
    private static boolean runsAudit(MavenProject project, List<String> goals) {
        for (Plugin plugin : project.getBuildPlugins()) {
            if (PLUGIN_KEY.equals(plugin.getKey())) {
                for (PluginExecution execution : plugin.getExecutions()) {
                    if (execution.getGoals().contains("audit")) {
                        return true;
                    }
                }
            }
        }
        return goals.stream().anyMatch(g -> g.endsWith(":audit") && (g.startsWith("session-guard:") || g.startsWith(PLUGIN_KEY)));
    }
}
