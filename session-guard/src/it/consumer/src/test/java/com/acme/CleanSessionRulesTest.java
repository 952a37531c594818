package com.acme;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.sessionguard.rules.SessionGuard;

@AnalyzeClasses(packages = {"com.acme.db", "com.acme.routes"})
class CleanSessionRulesTest {
    @ArchTest
    static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
}
