package dev.sessionguard.bench.rewrite;

import dev.sessionguard.rewrite.FixSessions;
import dev.sessionguard.rewrite.SessionsLeftAlone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openrewrite.InMemoryExecutionContext;
import org.openrewrite.RecipeRun;
import org.openrewrite.SourceFile;
import org.openrewrite.internal.InMemoryLargeSourceSet;
import org.openrewrite.java.JavaParser;
import org.openrewrite.tree.ParseError;

/**
 * FixSessions on a large code base's sources, in process: the parse (what any OpenRewrite recipe run pays first) and
 * the recipe, timed apart; prints one line per round.
 * Usage: {@code RecipeOnSources SOURCE_ROOT CLASSPATH ROUNDS}.
 */
public final class RecipeOnSources {
    private RecipeOnSources() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        List<Path> classpath = Arrays.stream(args[1].split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        int rounds = Integer.parseInt(args[2]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (int r = 1; r <= rounds; r++) {
            AtomicInteger errors = new AtomicInteger();
            java.util.Set<String> kinds = new java.util.TreeSet<>();
            InMemoryExecutionContext ctx = new InMemoryExecutionContext(e -> {
                errors.incrementAndGet();
                kinds.add(String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("\\d+", "N"));
            });
            long start = System.nanoTime();
            List<SourceFile> parsed = JavaParser.fromJavaVersion().classpath(classpath).build().parse(files, root, ctx).toList();
            long parse = System.nanoTime() - start;
            long unparsed = parsed.stream().filter(s -> s instanceof ParseError).count();
            start = System.nanoTime();
            RecipeRun run = new FixSessions().run(new InMemoryLargeSourceSet(parsed), ctx);
            long recipe = System.nanoTime() - start;
            List<SessionsLeftAlone.Row> leftAlone = run.getDataTableRows(SessionsLeftAlone.class);
            System.out.printf("round %d: files %d (unparsed %d) parse %d ms recipe %d ms changed %d left-alone %d errors %d%n", r,
                    files.size(), unparsed, parse / 1_000_000, recipe / 1_000_000, run.getChangeset().getAllResults().size(),
                    leftAlone.size(), errors.get());
            if (r == rounds) {
                run.getChangeset().getAllResults().forEach(result -> System.out.println(result.diff()));
                leftAlone.forEach(row -> System.out.println("left alone: " + row));
                kinds.stream().limit(20).forEach(k -> System.out.println("error kind: " + k));
            }
        }
    }
}
