package dev.sessionguard.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * The real-world evaluation: runs SG002, SG003 and SG004 over released jars, each with the configuration its
 * maintainers would write and its own dependencies on the class path, and scores every report against verdicts judged
 * by reading the sources. The projects are split into sets: tuning, read while the analysis was changed; retired
 * validation sets, read once the next was judged; and the unread sets, judged before any change and never tuned
 * against ({@code judged/}). The figures of each are printed apart, and of the unread sets together, next to PMD's
 * {@code CloseResource} and SpotBugs' OBL/ODR on the same projects.
 * <p>Verdicts: {@code truth.tsv} (the first nine projects, keyed by report) and {@code judged/PROJECT.tsv} (tool, key,
 * verdict, leak id, reason; a leak id names the line that obtains the session, so that a leak reported by several
 * tools, or found by reading, counts once). Recall is measured against the union of confirmed leaks.
 * <p>Usage: {@code Precision FOLDER CLASSPATHS [SET]} (FOLDER holds projects.tsv and the verdicts; CLASSPATHS one
 * {@code PROJECT.cp} per project, its jar first; SET restricts the run to one set). Exits 1 when a report is unjudged or the unread sets miss their
 * targets (precision 0.95 on 40 reports, recall 0.90).
 */
public final class Precision {
    private static final List<SessionRule> RULES = List.of(SessionRule.SG002, SessionRule.SG003, SessionRule.SG004);
    private static final List<String> TOOLS = List.of("session-guard", "pmd", "spotbugs");

    /**
     * The sets the analysis is never tuned against, judged before any change and never read since: together they are
     * the validation of issue 21, and its targets are measured on them as one. Their false reports are not printed
     * unless asked. (The earlier validation sets were read once the next was judged: {@code retired} to {@code retired5}; a
     * project whose judge's reply told how its reports were judged is read too: {@code disclosed}.)
     */
    static final Set<String> UNREAD_SETS = Set.of("holdout4", "holdout5", "holdout6", "holdout7");

    record Verdict(String tool, String key, String verdict, String leakId, String reason) {
        boolean leak() {
            return verdict.equals("leak");
        }

        /** The site leaks, whether or not the report names the right path. */
        boolean siteLeaks() {
            return verdict.equals("leak") || verdict.equals("wrong-path");
        }
    }

    /** Reports, right ones and the leaks found, per tool, for one set. */
    static final class Score {
        final Map<String, int[]> byTool = new TreeMap<>();
        final Set<String> confirmed = new LinkedHashSet<>();
        final Map<String, Set<String>> found = new TreeMap<>();

        /** Adds another set's counts: the ids of leaks are per project, so sets never share one. */
        void add(Score other) {
            other.byTool.forEach((tool, c) -> {
                int[] counts = byTool.computeIfAbsent(tool, t -> new int[2]);
                counts[0] += c[0];
                counts[1] += c[1];
            });
            confirmed.addAll(other.confirmed);
            other.found.forEach((tool, ids) -> found.computeIfAbsent(tool, t -> new LinkedHashSet<>()).addAll(ids));
        }

        void report(String tool, Verdict v) {
            int[] counts = byTool.computeIfAbsent(tool, t -> new int[2]);
            counts[0]++;
            if (v.leak()) {
                counts[1]++;
            }
            if (v.siteLeaks()) {
                found.computeIfAbsent(tool, t -> new LinkedHashSet<>()).add(v.leakId());
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path classpaths = Path.of(args[1]);
        // a third argument restricts the run to some sets or projects (comma-separated): tuning work never looks at the unread sets
        Set<String> only = args.length > 2 && !args[2].isBlank() ? Set.of(args[2].split(",")) : null;
        boolean verbose = System.getenv("PRECISION_VERBOSE") != null;
        // what each judged report said (its path, without the fix): a later version that says another path under the
        // same key is not the report that was judged, so it counts as unjudged until a judge has read it
        Map<String, Set<String>> judgedSaid = new HashMap<>();
        Path said = folder.resolve("judged-messages.tsv");
        if (Files.exists(said)) {
            for (String line : lines(said)) {
                String[] f = line.split("\t", 3);
                judgedSaid.computeIfAbsent(f[0] + " " + f[1], k -> new LinkedHashSet<>()).add(f[2]);
            }
        }
        String dump = System.getenv("PRECISION_DUMP");
        List<String> dumped = new ArrayList<>();
        Map<String, Verdict> truth = new LinkedHashMap<>();
        for (String line : lines(folder.resolve("truth.tsv"))) {
            String[] f = line.split("\t");
            truth.put(f[0] + " " + f[1], new Verdict("session-guard", f[1], f[2], f[0] + " " + f[1], f[3]));
        }
        Map<String, Score> sets = new TreeMap<>();
        // why each confirmed leak is one (the first reason recorded for it), for the verbose listing of missed leaks
        Map<String, String> why = new HashMap<>();
        int unjudged = 0;
        System.out.printf("%-24s %-10s %8s %6s %6s %6s%n", "project", "set", "reports", "leaks", "false", "missed");
        for (String line : lines(folder.resolve("projects.tsv"))) {
            String[] f = line.split("\t");
            String project = f[0];
            String set = f[3];
            if (only != null && !only.contains(set) && !only.contains(project)) {
                continue;
            }
            Score score = sets.computeIfAbsent(set, s -> new Score());
            Map<String, Verdict> judged = new LinkedHashMap<>();
            Path judgedFile = folder.resolve("judged").resolve(project + ".tsv");
            if (Files.exists(judgedFile)) {
                for (String row : lines(judgedFile)) {
                    String[] c = row.split("\t", -1);
                    Verdict v = new Verdict(c[0], c[1], c[2], c[3], c.length > 4 ? c[4] : "");
                    if (v.tool().equals("reading")) {
                        score.confirmed.add(project + " " + v.leakId());
                        why.putIfAbsent(project + " " + v.leakId(), "reading: " + v.reason());
                    } else {
                        judged.put(v.tool() + " " + v.key(), v);
                        if (v.siteLeaks()) {
                            score.confirmed.add(project + " " + v.leakId());
                            why.putIfAbsent(project + " " + v.leakId(), v.tool() + ": " + v.reason());
                        }
                        if (!v.tool().equals("session-guard")) {
                            score.report(v.tool(), new Verdict(v.tool(), v.key(), v.verdict(), project + " " + v.leakId(), v.reason()));
                        }
                    }
                }
            } else {
                truth.values().stream().filter(v -> v.leakId().startsWith(project + " ") && v.siteLeaks())
                        .forEach(v -> score.confirmed.add(v.leakId()));
            }
            List<Path> cp = new ArrayList<>();
            for (String e : Files.readString(classpaths.resolve(project + ".cp")).trim().split(File.pathSeparator)) {
                cp.add(Path.of(e));
            }
            int reports = 0;
            int leaks = 0;
            List<Violation> violations;
            try {
                SessionPolicy policy = PolicyConfiguration.fromFile(folder.resolve(f[2]));
                // PRECISION_CLOSER_FAILURES=true measures the wider call model (sessionguard.closerFailures) on every project
                if (Boolean.parseBoolean(System.getenv("PRECISION_CLOSER_FAILURES"))) {
                    policy = policy.toBuilder().closerFailures(true).build();
                }
                violations = evaluate(cp, policy);
            } catch (NoSessionApiException e) {
                // the judge's configuration names no session API this jar uses: nothing to report, as the CLI says
                System.out.println("  " + project + ": " + e.getMessage());
                violations = List.of();
            } catch (SessionGuardConfigurationException e) {
                // a configuration the judge wrote and session-guard refused (exit code 2), as the judged file records:
                // session-guard reported nothing there; any other refusal is an error of the corpus
                if (!Files.exists(judgedFile) || !Files.readString(judgedFile).contains("session-guard exited with code 2")) {
                    throw e;
                }
                System.out.println("  " + project + ": its judge's configuration is refused, as when it was judged: " + e.getMessage());
                violations = List.of();
            }
            for (Violation v : violations) {
                String key = v.rule().id() + " " + v.location() + ":" + v.line();
                Verdict verdict = Files.exists(judgedFile) ? judged.get("session-guard " + key) : truth.get(project + " " + key);
                dumped.add(project + "\t" + key + "\t" + v.detail());
                Set<String> saidThen = judgedSaid.get(project + " " + key);
                if (verdict != null && saidThen != null && !saidThen.contains(v.detail())) {
                    unjudged++;
                    System.out.println("  CHANGED " + project + "\tsession-guard\t" + key + "\t" + v.message()
                            + "\t(judged when it said: " + String.join(" | ", saidThen) + ")");
                    continue;
                }
                if (verdict == null) {
                    unjudged++;
                    System.out.println("  UNJUDGED " + project + "\tsession-guard\t" + key + "\t" + v.message());
                    continue;
                }
                reports++;
                String leakId = Files.exists(judgedFile) ? project + " " + verdict.leakId() : verdict.leakId();
                score.report("session-guard", new Verdict("session-guard", key, verdict.verdict(), leakId, verdict.reason()));
                if (verdict.leak()) {
                    leaks++;
                } else if (!UNREAD_SETS.contains(set) || verbose) {
                    // what the unread sets' false reports are is not shown unless asked: tuning work must not read them
                    System.out.println("  " + verdict.verdict() + " " + project + " " + key + ": " + verdict.reason());
                    if (verbose) {
                        System.out.println("      says: " + v.message());
                    }
                }
            }
            List<String> missedIds = score.confirmed.stream().filter(id -> id.startsWith(project + " "))
                    .filter(id -> !score.found.getOrDefault("session-guard", Set.of()).contains(id)).toList();
            long missed = missedIds.size();
            if (verbose) {
                missedIds.forEach(id -> System.out.println("  missed " + id + ": " + why.getOrDefault(id, "")));
            }
            System.out.printf("%-24s %-10s %8d %6d %6d %6d%n", project, set, reports, leaks, reports - leaks, missed);
        }
        Score unread = new Score();
        sets.entrySet().stream().filter(e -> UNREAD_SETS.contains(e.getKey())).forEach(e -> unread.add(e.getValue()));
        if (!unread.confirmed.isEmpty() || !unread.byTool.isEmpty()) {
            sets.put("unread (" + String.join(" + ", new TreeSet<>(UNREAD_SETS)) + ")", unread);
        }
        boolean met = true;
        for (Map.Entry<String, Score> e : sets.entrySet()) {
            Score s = e.getValue();
            System.out.printf("%n%s set: %d confirmed leaks (any tool's true reports and what reading found)%n", e.getKey(),
                    s.confirmed.size());
            for (String tool : TOOLS) {
                int[] c = s.byTool.getOrDefault(tool, new int[2]);
                int found = s.found.getOrDefault(tool, Set.of()).size();
                System.out.printf("  %-14s precision %s (%d of %d reports)  recall %.2f (%d of %d)%n", tool,
                        c[0] == 0 ? " n/a" : String.format("%.2f", (double) c[1] / c[0]), c[1], c[0],
                        s.confirmed.isEmpty() ? 1.0 : (double) found / s.confirmed.size(), found, s.confirmed.size());
            }
            if (s == unread) {
                int[] c = s.byTool.getOrDefault("session-guard", new int[2]);
                double precision = c[0] == 0 ? 0 : (double) c[1] / c[0];
                double recall = s.confirmed.isEmpty() ? 1 : (double) s.found.getOrDefault("session-guard", Set.of()).size()
                        / s.confirmed.size();
                met = precision >= 0.95 && c[0] >= 40 && recall >= 0.90;
                System.out.printf("  targets (precision >= 0.95 on >= 40 reports, recall >= 0.90): %s%n",
                        met ? "met" : "NOT met");
            }
        }
        if (dump != null) {
            Files.write(Path.of(dump), dumped);
        }
        System.out.println("unjudged " + unjudged);
        System.exit(unjudged == 0 && met ? 0 : 1);
    }

    /** The project's jar (first on its class path) imported alone; its dependencies are seen through the context loader. */
    private static List<Violation> evaluate(List<Path> cp, SessionPolicy policy) throws IOException {
        URL[] urls = new URL[cp.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = cp.get(i).toUri().toURL();
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
             JarFile file = new JarFile(cp.get(0).toFile())) {
            thread.setContextClassLoader(loader);
            JavaClasses classes = new ClassFileImporter().importLocations(List.of(Location.of(file)));
            List<Violation> all = new ArrayList<>();
            for (SessionRule rule : RULES) {
                all.addAll(SessionRules.violations(SessionRules.all(policy).get(rule.ordinal()).evaluate(classes)));
            }
            return all;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
