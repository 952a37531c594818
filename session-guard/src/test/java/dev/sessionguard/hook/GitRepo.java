package dev.sessionguard.hook;

import dev.sessionguard.testing.Repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real, temporary git repository, and the hook run in it. */
final class GitRepo {
    /** The repository root: hooks/, config/, .pre-commit-hooks.yaml. */
    static final Path PROJECT = Repository.ROOT;
    static final Path HOOK = PROJECT.resolve("hooks/pre-commit");
    static final Path CACHE = Path.of("target/hook-cache").toAbsolutePath();

    record Result(int exit, String out) {
    }

    final Path dir;
    final Map<String, String> env = new HashMap<>();

    GitRepo(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        env.put("SESSION_GUARD_CACHE", CACHE.toString());
        env.put("GIT_AUTHOR_NAME", "Ada");
        env.put("GIT_AUTHOR_EMAIL", "ada@example.com");
        env.put("GIT_COMMITTER_NAME", "Ada");
        env.put("GIT_COMMITTER_EMAIL", "ada@example.com");
        env.put("SESSION_GUARD_CONFIG", PROJECT.resolve("config/checkstyle/session-guard.xml").toString());
        git("init", "-q", "-b", "main");
        git("config", "commit.gpgsign", "false");
    }

    /** The PATH folders made in this JVM, by the commands they hide. */
    private static final java.util.Map<Set<String>, String> PATHS_WITHOUT = new java.util.HashMap<>();

    /**
     * A PATH with every command of this one except the named ones: a folder of links, since the tools to hide share
     * /usr/bin with the ones the hook needs. Made once per JVM under target/, outside the tests' temporary folders,
     * whose clean-up would warn of every link (thousands of lines) that points out of them.
     */
    static synchronized String pathWithout(String... hidden) throws IOException {
        Set<String> hide = new java.util.TreeSet<>(Set.of(hidden));
        String made = PATHS_WITHOUT.get(hide);
        if (made != null) {
            return made;
        }
        Path folder = Path.of("target", "path-without-" + String.join("-", hide)).toAbsolutePath();
        if (Files.exists(folder)) {
            try (Stream<Path> old = Files.walk(folder)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(folder);
        for (String dir : System.getenv("PATH").split(":")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(d)) {
                for (Path command : commands.toList()) {
                    Path link = folder.resolve(command.getFileName().toString());
                    if (!hide.contains(command.getFileName().toString()) && Files.isExecutable(command)
                            && !Files.isDirectory(command) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command.toAbsolutePath());
                    }
                }
            }
        }
        PATHS_WITHOUT.put(hide, folder.toString());
        return folder.toString();
    }

    Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("GIT_DIR");
        pb.environment().remove("GIT_INDEX_FILE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Result r = run(dir, command);
        if (r.exit() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + r.out());
        }
        return r.out();
    }

    GitRepo write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    GitRepo writeBytes(String path, byte[] content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return this;
    }

    GitRepo stage(String... paths) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("add", "--"));
        args.addAll(List.of(paths));
        git(args.toArray(String[]::new));
        return this;
    }

    GitRepo commitAll(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "--no-verify", "-m", message);
        return this;
    }

    /** The hook run directly, as a script. */
    Result hook() throws IOException, InterruptedException {
        return run(dir, List.of("bash", HOOK.toString()));
    }

    /** {@code git commit} with whatever hook the repository has installed. */
    Result commit(String message) throws IOException, InterruptedException {
        return run(dir, List.of("git", "commit", "-q", "-m", message));
    }
}
