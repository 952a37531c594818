package dev.sessionguard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * session-guard's own layering, tested the way it asks its users to test theirs: the analysis knows states and
 * findings, the rules word them, the baseline stores what the rules say, reports and the command line sit on top.
 */
@AnalyzeClasses(packages = "dev.sessionguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("policy").definedBy("dev.sessionguard.policy..")
            .layer("flow").definedBy("dev.sessionguard.flow..")
            .layer("baseline").definedBy("dev.sessionguard.baseline..")
            .layer("rules").definedBy("dev.sessionguard.rules..")
            .layer("report").definedBy("dev.sessionguard.report..")
            .layer("cli").definedBy("dev.sessionguard.cli..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("rules").mayOnlyBeAccessedByLayers("report", "cli")
            .whereLayer("baseline").mayOnlyBeAccessedByLayers("rules", "report", "cli")
            .whereLayer("flow").mayOnlyBeAccessedByLayers("rules", "report", "cli");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("dev.sessionguard.(*)..").should().beFreeOfCycles();
}
