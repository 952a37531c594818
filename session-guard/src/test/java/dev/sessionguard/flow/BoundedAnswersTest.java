package dev.sessionguard.flow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An answer holds where it was computed: a whole one there and shallower, one a bound cut short only there. */
class BoundedAnswersTest {
    private final BoundedRecursion summaries = new BoundedRecursion(3);
    private final BoundedRecursion fates = summaries.sibling(4);
    private final BoundedAnswers<String> answers = new BoundedAnswers<>(List.of(summaries, fates));

    @Test
    void a_whole_answer_holds_at_its_depth_and_shallower_but_not_deeper() {
        summaries.enter();
        answers.put("m", answers.cuts(), "whole");
        assertThat(answers.get("m")).isEqualTo("whole");
        summaries.leave();
        assertThat(answers.get("m")).isEqualTo("whole");
        summaries.enter();
        summaries.enter();
        assertThat(answers.get("m")).as("deeper, the same reading may reach the bound").isNull();
    }

    @Test
    void an_answer_cut_short_holds_only_at_its_depths_and_cuts_whoever_reuses_it() {
        fates.enter();
        int before = answers.cuts();
        fates.cutShort();
        answers.put("m", before, "cut");
        int reused = answers.cuts();
        assertThat(answers.get("m")).isEqualTo("cut");
        assertThat(answers.cuts()).as("reusing a cut answer is a cut").isGreaterThan(reused);
        fates.leave();
        assertThat(answers.get("m")).as("shallower, the reading goes further").isNull();
        summaries.enter();
        fates.enter();
        assertThat(answers.get("m")).as("at other depths of the other recursion").isNull();
    }

    @Test
    void a_deeper_whole_answer_replaces_a_shallower_one() {
        answers.put("m", answers.cuts(), "at the top");
        fates.enter();
        fates.enter();
        assertThat(answers.get("m")).isNull();
        answers.put("m", answers.cuts(), "deeper");
        fates.leave();
        assertThat(answers.get("m")).isEqualTo("deeper");
    }

    @Test
    void the_bound_is_reached_after_as_many_levels_as_it_allows() {
        for (int i = 0; i < 4; i++) {
            assertThat(fates.atLimit()).isFalse();
            fates.enter();
        }
        assertThat(fates.atLimit()).isTrue();
        assertThat(summaries.atLimit()).as("each recursion has its own depth").isFalse();
    }
}
