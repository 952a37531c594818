package dev.sessionguard.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a module's sources lie, so that reports name files as the repository has them. */
public final class SourceRoots {
    /** Source folders a module's classes may come from, in the order they are tried. */
    public static final List<String> FOLDERS = List.of("src/main/java", "src/main/kotlin", "src/main/scala", "src/main/groovy");

    private SourceRoots() {
    }

    /** The module's source folder, relative to the module ({@code src/main/java} when none exists). */
    public static String of(Path module) {
        return FOLDERS.stream().filter(r -> Files.isDirectory(module.resolve(r))).findFirst().orElse(FOLDERS.get(0));
    }

    /**
     * The Maven module an audited PATH belongs to: the module folder itself, its {@code target/classes}, or a jar in
     * its {@code target}; nothing for a classes folder or jar elsewhere.
     */
    public static Optional<Path> moduleOf(List<String> paths) {
        if (paths.size() != 1) {
            return Optional.empty();
        }
        Path path = Path.of(paths.get(0)).toAbsolutePath().normalize();
        Path candidate = path;
        Path parent = path.getParent();
        boolean inTarget = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target");
        if (inTarget && (path.getFileName().toString().equals("classes") || path.getFileName().toString().endsWith(".jar"))) {
            candidate = parent.getParent();
        }
        return candidate != null && Files.isDirectory(candidate) && Files.isRegularFile(candidate.resolve("pom.xml"))
                ? Optional.of(candidate) : Optional.empty();
    }
}
