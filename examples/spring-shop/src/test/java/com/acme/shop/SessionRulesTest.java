package com.acme.shop;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.sessionguard.rules.SessionGuard;

/** session-guard in the shop's build, as a Spring team adds it: the whole rule set, frozen against the baseline. */
@AnalyzeClasses(packages = "com.acme.shop", importOptions = ImportOption.DoNotIncludeTests.class)
class SessionRulesTest {
    @ArchTest
    static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
}
