package com.acme.notifications.baseline;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.sessionguard.rules.SessionGuard;

/**
 * A rule-test class of a team that splits its rule tests by area: the session-guard rules over the routes alone.
 * Not a surefire test of its own (its name does not end in Test): {@link BaselineGuaranteesTest} runs it in JVMs of
 * their own against copies of the baseline.
 */
@AnalyzeClasses(packages = "com.acme.notifications.routes", importOptions = ImportOption.DoNotIncludeTests.class)
public class RoutesSessionRules {
    @ArchTest
    static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
}
