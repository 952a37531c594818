package dev.sessionguard.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The real-world evaluation: runs SG002, SG003 and SG004 over released jars, each with the configuration its
 * maintainers would write, and scores every report against the verdicts of {@code truth.tsv} (judged by reading the
 * sources). Prints precision and the recall of confirmed leaks; exits 1 below 0.90 precision, on a confirmed leak no
 * longer reported, or on a report nobody has judged yet.
 * <p>Usage: {@code Precision FOLDER CLASSPATH} (the folder holds projects.tsv, truth.tsv and the configurations).
 */
public final class Precision {
    private static final List<SessionRule> RULES = List.of(SessionRule.SG002, SessionRule.SG003, SessionRule.SG004);

    record Verdict(String project, String key, boolean leak, String reason) {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        List<Path> classpath = new ArrayList<>();
        for (String entry : args[1].split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        Map<String, Verdict> truth = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve("truth.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            truth.put(f[0] + " " + f[1], new Verdict(f[0], f[1], f[2].equals("leak"), f[3]));
        }
        int reports = 0;
        int right = 0;
        int unjudged = 0;
        List<String> reported = new ArrayList<>();
        System.out.printf("%-16s %-6s %8s %6s %6s%n", "project", "tuned", "reports", "leaks", "false");
        for (String line : Files.readAllLines(folder.resolve("projects.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String project = f[0];
            Path jar = classpath.stream().filter(p -> p.getFileName().toString().equals(f[1])).findFirst()
                    .orElseThrow(() -> new IllegalStateException(f[1] + ": not on the classpath"));
            SessionPolicy policy = PolicyConfiguration.fromFile(folder.resolve(f[2]));
            JavaClasses classes;
            try (JarFile file = new JarFile(jar.toFile())) {
                classes = new ClassFileImporter().importLocations(List.of(Location.of(file)));
            }
            int leaks = 0;
            int falseAlarms = 0;
            for (SessionRule rule : RULES) {
                for (Violation v : SessionRules.violations(SessionRules.all(policy).get(rule.ordinal()).evaluate(classes))) {
                    String key = rule.id() + " " + v.location() + ":" + v.line();
                    reported.add(project + " " + key);
                    Verdict verdict = truth.get(project + " " + key);
                    if (verdict == null) {
                        unjudged++;
                        System.out.println("  UNJUDGED " + project + "\t" + key + "\t" + v.message());
                    } else if (verdict.leak()) {
                        leaks++;
                    } else {
                        falseAlarms++;
                        System.out.println("  false alarm " + project + " " + key + ": " + verdict.reason());
                    }
                }
            }
            reports += leaks + falseAlarms;
            right += leaks;
            System.out.printf("%-16s %-6s %8d %6d %6d%n", project, f[3], leaks + falseAlarms, leaks, falseAlarms);
        }
        List<Verdict> confirmed = truth.values().stream().filter(Verdict::leak).toList();
        List<Verdict> missed = confirmed.stream().filter(v -> !reported.contains(v.project() + " " + v.key())).toList();
        missed.forEach(v -> System.out.println("  MISSED " + v.project() + " " + v.key() + ": " + v.reason()));
        double precision = reports == 0 ? 1.0 : (double) right / reports;
        double recall = confirmed.isEmpty() ? 1.0 : (double) (confirmed.size() - missed.size()) / confirmed.size();
        System.out.printf("precision %.2f (%d of %d reports are leaks), recall of confirmed leaks %.2f (%d of %d), unjudged %d%n",
                precision, right, reports, recall, confirmed.size() - missed.size(), confirmed.size(), unjudged);
        System.exit(precision >= 0.90 && missed.isEmpty() && unjudged == 0 ? 0 : 1);
    }
}
