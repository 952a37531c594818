package dev.sessionguard;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.sessionguard.annotation.Internal;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is what users need, marked the way ArchUnit marks its own ({@link PublicAPI}); everything else that
 * is public is public only for the layers above it, and says so with {@link Internal} (on the type, a type enclosing
 * it, or its package). The set is pinned, so that growing it is a decision.
 */
class PublicApiTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sessionguard");

    private static final DescribedPredicate<JavaClass> API = marked(PublicAPI.class);
    private static final DescribedPredicate<JavaClass> INTERNAL = marked(Internal.class);

    /** The class, a class enclosing it, or its package carries the annotation. */
    private static DescribedPredicate<JavaClass> marked(Class<? extends Annotation> annotation) {
        return new DescribedPredicate<>("marked @" + annotation.getSimpleName()) {
            @Override
            public boolean test(JavaClass c) {
                for (JavaClass t = c; t != null; t = t.getEnclosingClass().orElse(null)) {
                    if (t.isAnnotatedWith(annotation)) {
                        return true;
                    }
                }
                return c.getPackage().isAnnotatedWith(annotation);
            }
        };
    }

    @Test
    void the_public_api_is_exactly_what_users_need() {
        Set<String> api = MAIN.stream().filter(c -> c.isAnnotatedWith(PublicAPI.class)).map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(api).containsExactly(
                "dev.sessionguard.annotation.Internal",
                "dev.sessionguard.baseline.BaselineException",
                "dev.sessionguard.baseline.BaselineFile",
                "dev.sessionguard.baseline.BaselineLineMatcher",
                "dev.sessionguard.baseline.BaselineStore",
                "dev.sessionguard.baseline.SessionBaseline",
                "dev.sessionguard.cli.SessionGuardCli",
                "dev.sessionguard.policy.BaselineMode",
                "dev.sessionguard.policy.MethodRef",
                "dev.sessionguard.policy.PolicyConfiguration",
                "dev.sessionguard.policy.Preset",
                "dev.sessionguard.policy.SessionGuardConfigurationException",
                "dev.sessionguard.policy.SessionPolicy",
                "dev.sessionguard.policy.SessionResult",
                "dev.sessionguard.policy.UnmatchedDbPackagesException",
                "dev.sessionguard.rewrite.FixSessions",
                "dev.sessionguard.rewrite.SessionsLeftAlone",
                "dev.sessionguard.rewrite.UseManagedSessionSource",
                "dev.sessionguard.rewrite.UseTryWithResourcesForSessions",
                "dev.sessionguard.rules.SessionGuard",
                "dev.sessionguard.rules.SessionRule",
                "dev.sessionguard.rules.SessionRules",
                "dev.sessionguard.rules.Violation",
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

    @Test
    void every_public_type_is_api_or_internal_and_never_both() {
        ArchRule rule = classes().that().arePublic().and().areNotAnonymousClasses()
                .and().doNotHaveSimpleName("package-info")
                .should(new ArchCondition<>("be marked @PublicAPI or @Internal, not both") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean api = API.test(c);
                        boolean internal = INTERNAL.test(c);
                        if (api == internal) {
                            events.add(SimpleConditionEvent.violated(c, c.getName()
                                    + (api ? " is marked both @PublicAPI and @Internal" : " is marked neither @PublicAPI nor @Internal")));
                        }
                    }
                });
        rule.check(MAIN);
    }

    /**
     * A user who holds an API type never has to name an internal one: public (and, for subclasses, protected)
     * signatures use API, JDK or library types only, type arguments included ({@code List<Violation>}), and so do the
     * supertypes of an API type ({@code extends ScanningRecipe<Accumulator>}).
     */
    @Test
    void api_signatures_expose_only_api_jdk_archunit_and_junit_types() {
        rule().check(MAIN);
    }

    /** The signature check sees type arguments: an internal type inside {@code Set<...>} is found. */
    @Test
    void the_signature_check_sees_type_arguments() {
        JavaClasses leaky = new ClassFileImporter().importClasses(LeakyApi.class, Hidden.class);
        assertThat(rule().evaluate(leaky).getFailureReport().getDetails()).hasSize(2).allSatisfy(d -> assertThat(d)
                .contains("exposes internal " + Hidden.class.getName()));
    }

    private static ArchRule rule() {
        return classes().that(API).and().arePublic().should(new ArchCondition<>("expose only API types") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<JavaType> supertypes = new ArrayList<>(c.getInterfaces());
                c.getSuperclass().ifPresent(supertypes::add);
                report(c.getName(), supertypes, events, c);
                for (JavaMember m : c.getMembers()) {
                    Set<JavaModifier> modifiers = m.getModifiers();
                    if (!(modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                            || modifiers.contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    List<JavaType> exposed = new ArrayList<>();
                    if (m instanceof JavaField f) {
                        exposed.add(f.getType());
                    } else if (m instanceof JavaCodeUnit u) {
                        exposed.add(u.getReturnType());
                        exposed.addAll(u.getParameterTypes());
                        u.getThrowsClause().getTypes().forEach(exposed::add);
                    }
                    report(m.getFullName(), exposed, events, m);
                }
            }

            private void report(String where, List<JavaType> types, ConditionEvents events, Object at) {
                Set<JavaClass> involved = new HashSet<>();
                types.forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
                for (JavaClass t : involved) {
                    JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
                    if (base.getPackageName().startsWith("dev.sessionguard") && !API.test(base)) {
                        events.add(SimpleConditionEvent.violated(at, where + " exposes internal " + base.getName()));
                    }
                }
            }
        });
    }

    /** An API type that leaks an internal one through type arguments only. */
    @PublicAPI(usage = PublicAPI.Usage.ACCESS)
    public static final class LeakyApi {
        public Set<Hidden> field;

        public Optional<Hidden> find(List<? extends Hidden> all) {
            return Optional.empty();
        }
    }

    /** Not API: a test type, marked neither way. */
    public static final class Hidden {
    }
}
