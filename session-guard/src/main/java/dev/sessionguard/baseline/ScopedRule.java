package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The rule a {@link com.tngtech.archunit.library.freeze.FreezingArchRule} wraps: it hands the store what the evaluation
 * could judge and everything it found, so that the store shrinks only what the run saw and writes nothing when a
 * violation is new. A failure then says that the baseline was left unchanged.
 */
final class ScopedRule implements ArchRule {
    private final ArchRule delegate;
    private final BaselineStore store;

    ScopedRule(ArchRule delegate, BaselineStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    @Override
    public void check(JavaClasses classes) {
        Assertions.check(this, classes);
    }

    @Override
    public ArchRule because(String reason) {
        return new ScopedRule(delegate.because(reason), store);
    }

    @Override
    public ArchRule allowEmptyShould(boolean allowEmptyShould) {
        return new ScopedRule(delegate.allowEmptyShould(allowEmptyShould), store);
    }

    @Override
    public ArchRule as(String newDescription) {
        return new ScopedRule(delegate.as(newDescription), store);
    }

    @Override
    public EvaluationResult evaluate(JavaClasses classes) {
        BaselineScope.Judged<EvaluationResult> judged = BaselineScope.during(classes, () -> delegate.evaluate(classes));
        EvaluationResult result = judged.result();
        int fresh = store.evaluated(getDescription(), judged.scope(), result.getFailureReport().getDetails());
        if (fresh > 0) {
            ConditionEvents note = ConditionEvents.Factory.create();
            note.add(SimpleConditionEvent.violated(this, "session-guard: " + BaselineStore.fileId(getDescription())
                    + ": baseline left unchanged because of " + fresh + (fresh == 1 ? " new violation" : " new violations")));
            result.add(new EvaluationResult(delegate, note, result.getPriority()));
        }
        return result;
    }

    @Override
    public String getDescription() {
        return delegate.getDescription();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
