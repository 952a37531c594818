package dev.sessionguard.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root, where README.md, docs/, hooks/, config/ and examples/ live. Tests run from the library
 * module (session-guard/), one folder below it; the root is found, not assumed.
 */
public final class Repository {
    /** The first folder at or above the working directory that holds README.md and .pre-commit-hooks.yaml. */
    public static final Path ROOT = find(Path.of("").toAbsolutePath());

    private Repository() {
    }

    private static Path find(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve(".pre-commit-hooks.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (README.md and .pre-commit-hooks.yaml) at or above " + from);
    }

    /** A file or folder of the repository, by its root-relative path. */
    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }
}
