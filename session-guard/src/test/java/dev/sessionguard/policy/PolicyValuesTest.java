package dev.sessionguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Policies and method references are values: the flow cache and the rule descriptions rely on it. */
class PolicyValuesTest {

    @Test
    void policies_built_alike_are_equal_and_any_difference_tells() {
        SessionPolicy a = SessionPolicy.builder().presets(Preset.HIBERNATE).dbPackages("..db..").build();
        SessionPolicy b = SessionPolicy.builder().presets(Preset.HIBERNATE).dbPackages("..db..").build();
        SessionPolicy other = SessionPolicy.builder().presets(Preset.HIBERNATE).dbPackages("..store..").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other).isNotEqualTo("a policy");
        assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
        assertThat(a.toString()).startsWith("SessionPolicy{presets=[HIBERNATE], dbPackages=[..db..]");
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(SessionPolicy.defaults().toBuilder().build()).isEqualTo(SessionPolicy.defaults());
    }

    @Test
    void a_policy_without_presets_rebuilds_without_presets() {
        SessionPolicy none = SessionPolicy.builder().presets().rawFactories("com.acme.Raw").build();
        assertThat(none.presets()).isEmpty();
        assertThat(none.toBuilder().build()).isEqualTo(none);
        assertThat(none.toBuilder().build().presets()).isEmpty();
    }

    @Test
    void method_references_are_values() {
        MethodRef ref = MethodRef.of("com.acme.Db", "session");
        assertThat(ref).isEqualTo(MethodRef.of("com.acme.Db", "session")).hasSameHashCodeAs(MethodRef.of("com.acme.Db", "session"))
                .isNotEqualTo(MethodRef.of("com.acme.Db", "other")).isNotEqualTo(MethodRef.of("com.acme.Store", "session"))
                .isNotEqualTo("com.acme.Db#session");
        assertThat(ref.hashCode()).isNotEqualTo(MethodRef.of("com.acme.Db", "other").hashCode());
        assertThat(ref.asCall()).isEqualTo("Db.session()");
        assertThat(ref).hasToString("com.acme.Db#session");
        assertThat(new SessionPolicy.Configured<>("sessionguard.closers", "x")).hasToString("sessionguard.closers=x");
    }
}
