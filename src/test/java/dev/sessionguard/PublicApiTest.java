package dev.sessionguard;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is what users need, marked the way ArchUnit marks its own ({@link PublicAPI}); everything else that
 * is public is public only for the layers above it. The set is pinned, so that growing it is a decision.
 */
class PublicApiTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sessionguard");

    private static final DescribedPredicate<JavaClass> API = new DescribedPredicate<>("the public API") {
        @Override
        public boolean test(JavaClass c) {
            for (JavaClass t = c; t != null; t = t.getEnclosingClass().orElse(null)) {
                if (t.isAnnotatedWith(PublicAPI.class)) {
                    return true;
                }
            }
            return false;
        }
    };

    @Test
    void the_public_api_is_exactly_what_users_need() {
        Set<String> api = MAIN.stream().filter(c -> c.isAnnotatedWith(PublicAPI.class)).map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(api).containsExactly(
                "dev.sessionguard.baseline.BaselineException",
                "dev.sessionguard.baseline.BaselineFile",
                "dev.sessionguard.baseline.BaselineLineMatcher",
                "dev.sessionguard.baseline.BaselineStore",
                "dev.sessionguard.baseline.SessionBaseline",
                "dev.sessionguard.cli.SessionGuardCli",
                "dev.sessionguard.policy.BaselineMode",
                "dev.sessionguard.policy.PolicyConfiguration",
                "dev.sessionguard.policy.Preset",
                "dev.sessionguard.policy.SessionGuardConfigurationException",
                "dev.sessionguard.policy.SessionPolicy",
                "dev.sessionguard.rewrite.FixSessions",
                "dev.sessionguard.rewrite.SessionsLeftAlone",
                "dev.sessionguard.rewrite.UseManagedSessionSource",
                "dev.sessionguard.rewrite.UseTryWithResourcesForSessions",
                "dev.sessionguard.rules.SessionGuard",
                "dev.sessionguard.rules.SessionRule",
                "dev.sessionguard.rules.SessionRules",
                "dev.sessionguard.runtime.SessionLeakCheck",
                "dev.sessionguard.runtime.SessionLeakExtension",
                "dev.sessionguard.runtime.SessionLeaks");
    }

    /** The analysis and the reports are internal: nothing there is marked, whatever Java visibility it needs. */
    @Test
    void the_analysis_and_the_reports_are_not_api() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.sessionguard.flow..", "dev.sessionguard.report..")
                .should().beAnnotatedWith(PublicAPI.class);
        rule.check(MAIN);
    }

    /** A user who holds an API type never has to name an internal one: public signatures use API, JDK or ArchUnit types. */
    @Test
    void api_signatures_expose_only_api_jdk_archunit_and_junit_types() {
        ArchRule rule = classes().that(API).and().arePublic().should(new ArchCondition<>("expose only API types") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaMember m : c.getMembers()) {
                    if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    Set<JavaClass> exposed = new java.util.HashSet<>();
                    if (m instanceof com.tngtech.archunit.core.domain.JavaField f) {
                        exposed.add(f.getRawType());
                    } else if (m instanceof com.tngtech.archunit.core.domain.JavaCodeUnit u) {
                        exposed.add(u.getRawReturnType());
                        exposed.addAll(u.getRawParameterTypes());
                    }
                    for (JavaClass t : exposed) {
                        JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
                        if (base.getPackageName().startsWith("dev.sessionguard") && !API.test(base)) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes internal " + base.getName()));
                        }
                    }
                }
            }
        });
        rule.check(MAIN);
    }
}
