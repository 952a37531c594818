package dev.sessionguard.rewrite;

import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionPolicy;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.openrewrite.SourceFile;
import org.openrewrite.java.marker.JavaProject;

/**
 * The session-guard policy of every project in a recipe run, read from the same {@code session-guard.properties} the
 * rules read (the one under {@code src/test/resources} first), overridden by {@code -Dsessionguard.*}.
 */
final class ProjectPolicies {
    private final Map<String, SessionPolicy> byProject = new HashMap<>();
    private final Map<String, Path> files = new HashMap<>();
    private SessionPolicy defaults;

    /** Takes the policy of a {@code session-guard.properties} file; other sources are ignored. */
    void scan(SourceFile source) {
        Path path = source.getSourcePath();
        if (path.getFileName() == null || !path.getFileName().toString().equals(PolicyConfiguration.RESOURCE)) {
            return;
        }
        String project = project(source);
        Path known = files.get(project);
        if (known != null && rank(known) <= rank(path)) {
            return;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(source.printAll()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": cannot be read: " + e.getMessage(), e);
        }
        byProject.put(project, PolicyConfiguration.fromProperties(withOverrides(properties), path.toString()));
        files.put(project, path);
    }

    /** The policy of the project a source file belongs to; the presets' defaults where it has no file. */
    SessionPolicy of(SourceFile source) {
        SessionPolicy policy = byProject.get(project(source));
        if (policy != null) {
            return policy;
        }
        if (defaults == null) {
            defaults = PolicyConfiguration.fromProperties(withOverrides(new Properties()), "-Dsessionguard.*");
        }
        return defaults;
    }

    private static int rank(Path path) {
        String p = path.toString().replace('\\', '/');
        if (p.endsWith("src/test/resources/" + PolicyConfiguration.RESOURCE)) {
            return 0;
        }
        return p.endsWith("src/main/resources/" + PolicyConfiguration.RESOURCE) ? 1 : 2;
    }

    private static Properties withOverrides(Properties file) {
        Properties merged = new Properties();
        merged.putAll(file);
        System.getProperties().forEach((k, v) -> {
            if (String.valueOf(k).startsWith(PolicyConfiguration.PREFIX)) {
                merged.put(k, v);
            }
        });
        return merged;
    }

    private static String project(SourceFile source) {
        return source.getMarkers().findFirst(JavaProject.class).map(JavaProject::getProjectName).orElse("");
    }
}
