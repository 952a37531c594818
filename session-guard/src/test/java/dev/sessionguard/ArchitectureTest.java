package dev.sessionguard;

import com.tngtech.archunit.core.importer.ImportOption;
import dev.sessionguard.policy.Preset;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
            .layer("runtime").definedBy("dev.sessionguard.runtime..")
            .layer("rewrite").definedBy("dev.sessionguard.rewrite..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("rewrite").mayNotBeAccessedByAnyLayer()
            .whereLayer("runtime").mayNotBeAccessedByAnyLayer()
            .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("rules").mayOnlyBeAccessedByLayers("report", "cli")
            .whereLayer("baseline").mayOnlyBeAccessedByLayers("rules", "report", "cli")
            .whereLayer("flow").mayOnlyBeAccessedByLayers("rules", "report", "cli");

    /**
     * The run-time check is a JUnit extension on its own: it needs none of the static analysis, only the vocabulary
     * every layer shares (the presets' openers).
     */
    @ArchTest
    static final ArchRule runtime_stands_alone = noClasses().that().resideInAPackage("dev.sessionguard.runtime..")
            .should().dependOnClassesThat(resideInAnyPackage("dev.sessionguard.policy..", "dev.sessionguard.flow..",
                    "dev.sessionguard.rules..", "dev.sessionguard.baseline..", "dev.sessionguard.report..",
                    "dev.sessionguard.cli..").and(not(equivalentTo(Preset.class))));

    /** The recipes change source code from the policy alone: no bytecode analysis, no baseline, no reports. */
    @ArchTest
    static final ArchRule recipes_need_only_the_policy = noClasses().that().resideInAPackage("dev.sessionguard.rewrite..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sessionguard.flow..", "dev.sessionguard.rules..",
                    "dev.sessionguard.baseline..", "dev.sessionguard.report..", "dev.sessionguard.cli..",
                    "dev.sessionguard.runtime..");

    /** OpenRewrite is provided by the rewrite-maven-plugin; only the recipes may see it. */
    @ArchTest
    static final ArchRule openrewrite_only_in_the_recipes = noClasses().that().resideOutsideOfPackage("dev.sessionguard.rewrite..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openrewrite..");

    /**
     * Type names of Hibernate, JPA, MyBatis and Spring are strings: the library never puts them on a user's classpath.
     * Only the hooks those frameworks load by name themselves, and never without them, see their types.
     */
    @ArchTest
    static final ArchRule persistence_apis_only_in_the_frameworks_own_hooks = noClasses()
            .that().doNotHaveSimpleName("HibernateSessionWatch").and().doNotHaveSimpleName("HibernateAutoWatch")
            .and().haveNameNotMatching("dev\\.sessionguard\\.runtime\\.SpringTestSupport(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..",
                    "javax.persistence..", "org.apache.ibatis..", "org.mybatis..", "org.springframework..");

    /** JUnit is the user's test framework; only the extension may see it. */
    @ArchTest
    static final ArchRule junit_only_in_the_runtime_extension = noClasses()
            .that().resideOutsideOfPackage("dev.sessionguard.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junit..");

    /**
     * Warnings and notes go through SLF4J, where a user's logging routes or silences them; only the CLI prints, and
     * the baseline's notes of what it wrote, which must reach the test output without an SLF4J provider too.
     */
    @ArchTest
    static final ArchRule no_standard_streams_outside_the_command_line = noClasses()
            .that().resideOutsideOfPackage("dev.sessionguard.cli..")
            .and().doNotHaveFullyQualifiedName("dev.sessionguard.baseline.BaselineNotes")
            .should(com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS);

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("dev.sessionguard.(*)..").should().beFreeOfCycles();
}
