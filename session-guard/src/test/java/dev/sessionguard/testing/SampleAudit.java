package dev.sessionguard.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.report.BaselineComparison;
import dev.sessionguard.baseline.BaselineStore;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.UsageCensus;
import dev.sessionguard.rules.Violation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit of real fixtures against a baseline that froze the hibernate routes only and still holds one entry that
 * has since been fixed: the report has new, frozen and fixed entries of several rules.
 */
public final class SampleAudit {
    public static final String F = "dev.sessionguard.fixtures.";
    public static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionSources(F + "sg001.hibernate.db.HibernateDb#getSession")
            .closers(F + "flow.db.FlowDb#release").build();
    public static final String FIXED_KEY = "SG001 dev.sessionguard.fixtures.sg001.hibernate.routes.Gone#handle calls"
            + " org.hibernate.SessionFactory.openSession() outside the db packages";

    private SampleAudit() {
    }

    public static AuditReport report(Path baselineFolder) throws IOException {
        JavaClasses classes = new ClassFileImporter().importPackages(F + "sg001.hibernate", F + "flow", F + "sg002", F + "sg004");
        List<Violation> all = new ArrayList<>();
        for (ArchRule rule : SessionRules.all(POLICY)) {
            List<Violation> found = SessionRules.violations(rule.evaluate(classes));
            all.addAll(found);
            List<String> routes = new ArrayList<>(found.stream().filter(v -> v.className().contains(".routes."))
                    .map(Violation::message).toList());
            if (rule.getDescription().startsWith("SG001")) {
                routes.add(FIXED_KEY);
            }
            BaselineStore.freeze(baselineFolder, rule.getDescription(), routes);
        }
        BaselineComparison comparison = BaselineComparison.compare(all, SessionBaseline.read(baselineFolder));
        return new AuditReport(List.of("target/test-classes"), classes.size(), all, comparison,
                Files.isDirectory(baselineFolder) ? baselineFolder.toString() : null, UsageCensus.of(POLICY, classes));
    }
}
