package dev.sessionguard.rules;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The rule set as users include it, run by archunit-junit6 over a clean fixture package. */
@AnalyzeClasses(packages = "dev.sessionguard.fixtures.sg001.hibernate.clean")
class SessionGuardArchTest {
    @ArchTest
    static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
}
