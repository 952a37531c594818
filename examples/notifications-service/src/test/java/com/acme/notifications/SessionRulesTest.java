package com.acme.notifications;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.sessionguard.rules.SessionGuard;

/** The architecture test a team adds: the session-guard rule set, frozen against session-guard-baseline/. */
@AnalyzeClasses(packages = "com.acme.notifications", importOptions = ImportOption.DoNotIncludeTests.class)
class SessionRulesTest {
    @ArchTest
    static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
}
