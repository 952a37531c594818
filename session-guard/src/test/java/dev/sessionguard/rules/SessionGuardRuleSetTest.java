package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule set as a whole; each rule's description is pinned word for word in its ID-named test (the baseline keys on it). */
class SessionGuardRuleSetTest {

    @Test
    void the_rules_are_the_four_ids_in_order_each_description_starting_with_id_and_name() {
        assertThat(Arrays.stream(SessionRule.values()).map(SessionRule::id)).containsExactly("SG001", "SG002", "SG003", "SG004");
        assertThat(SessionRule.values()).allSatisfy(r -> assertThat(r.description()).startsWith(r.id() + " " + r.ruleName() + ": "));
    }

    @Test
    void the_rule_set_is_a_final_class_of_public_static_final_rules() throws IllegalAccessException {
        assertThat(Modifier.isFinal(SessionGuard.class.getModifiers())).isTrue();
        for (Field f : SessionGuard.class.getDeclaredFields()) {
            assertThat(Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()))
                    .as(f.getName()).isTrue();
            if (ArchRule.class.isAssignableFrom(f.getType())) {
                assertThat(f.isAnnotationPresent(com.tngtech.archunit.junit.ArchTest.class)).as(f.getName()).isTrue();
                assertThat(((ArchRule) f.get(null)).getDescription()).as(f.getName()).matches("SG00\\d [a-z-]+: .*");
            }
        }
    }

    @Test
    void factories_return_fresh_rules_that_can_be_customised() {
        ArchRule first = SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults());
        assertThat(first).isNotSameAs(SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults()));
        assertThat(first.because("the pool ran dry in March").getDescription())
                .isEqualTo(SessionRule.SG001.description() + ", because the pool ran dry in March");
        assertThat(SessionRules.all(SessionPolicy.defaults())).extracting(ArchRule::getDescription)
                .containsExactly(Arrays.stream(SessionRule.values()).map(SessionRule::description).toArray(String[]::new));
    }

    /**
     * A rule is a unit found by its ID: its rule and condition come from {@link SessionRule}, its rule finds what the
     * factory's does, its page is {@code docs/rules/SGnnn-name.md}.
     */
    static void assertReachableFromItsId(SessionRule rule, SessionPolicy policy, JavaClasses classes, ArchRule fromFactory,
                                         String condition) {
        assertThat(rule.rule(policy).getDescription()).isEqualTo(rule.description());
        assertThat(rule.rule().getDescription()).isEqualTo(rule.description());
        assertThat(rule.condition(policy).getDescription()).isEqualTo(condition);
        assertThat(SessionRules.violations(rule.rule(policy).evaluate(classes))).isNotEmpty()
                .isEqualTo(SessionRules.violations(fromFactory.evaluate(classes)));
        assertThat(rule.page()).isEqualTo("docs/rules/" + rule.id() + "-" + rule.ruleName() + ".md");
    }
}
