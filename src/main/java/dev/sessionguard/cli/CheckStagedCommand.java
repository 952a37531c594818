package dev.sessionguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("session-guard-hook");
        try {
            Path hook = extract(HOOK, dir);
            extract(CONFIG, dir);
            extract(LAUNCHER, dir);
            Process p = new ProcessBuilder(List.of("bash", hook.toString())).redirectErrorStream(true).start();
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
