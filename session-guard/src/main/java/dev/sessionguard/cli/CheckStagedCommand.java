package dev.sessionguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code check-staged}: the pre-commit entry of the jar. Runs the very hook of {@code hooks/pre-commit} (shipped in the
 * jar with its Checkstyle configuration) in the current repository: same checks, same output, same exit codes.
 */
@Command(name = "check-staged", mixinStandardHelpOptions = true,
        description = "Checks the staged Java changes of the current git repository (the pre-commit hook).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing found", "1:violations on staged lines", "2:cannot run (no git repository, no Java 17+, ...)"})
final class CheckStagedCommand implements Callable<Integer> {
    private static final String HOOK = "hook/hooks/pre-commit";
    private static final String LAUNCHER = "hook/hooks/HookCheckstyle.java";
    private static final String CONFIG = "hook/config/checkstyle/session-guard.xml";
    /** Where the hook takes Checkstyle from before its cache and Maven. */
    private static final String CHECKSTYLE_CLASSPATH = "SESSION_GUARD_CHECKSTYLE_CLASSPATH";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("session-guard-hook");
        try {
            Path hook = extract(HOOK, dir);
            extract(CONFIG, dir);
            extract(LAUNCHER, dir);
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", hook.toString())).redirectErrorStream(true);
            builder.environment().putIfAbsent(CHECKSTYLE_CLASSPATH, ownJars());
            Process p = builder.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            spec.commandLine().getOut().print(out);
            spec.commandLine().getOut().flush();
            return exit;
        } catch (IOException e) {
            throw new UsageException("cannot run the hook: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The jars this JVM runs from: the CLI jar carries Checkstyle, so the hook needs neither Maven nor a cache. */
    private static String ownJars() {
        return Stream.of(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty() && Files.isRegularFile(Path.of(entry)))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = CheckStagedCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UsageException("this build of session-guard carries no " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
