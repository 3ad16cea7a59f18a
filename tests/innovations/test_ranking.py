"""The pure ranking: weighted totals, means, normalisation, every tie-break step, the
disagreement flag and incomplete scoring, each checked against arithmetic done by hand
(written out beside each example)."""
import math
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest

from eventapp.innovations.ranking import Candidate, RubricCriterion, Scoring, display, judge_total, key_criterion, rank

T0 = datetime(2019, 1, 10, 8, 0, tzinfo=timezone.utc)


def candidates(*references):
    """Entries 1, 2, 3… with these references, submitted an hour apart in that order."""
    return [Candidate(n, ref, T0 + timedelta(hours=n)) for n, ref in enumerate(references, start=1)]


def scorings(criteria, table):
    """{(judge, entry): (value per criterion in order)} → Scoring rows."""
    return [Scoring(judge, entry, dict(zip((c.id for c in criteria), values)))
            for (judge, entry), values in table.items()]


def order(ranking):
    return [row.entry_id for row in ranking.rows]


# Totals and means -------------------------------------------------------------------------

EQUAL = [RubricCriterion(1, weight=1, scale_max=10, position=1),
         RubricCriterion(2, weight=1, scale_max=10, position=2)]
UNEQUAL = [RubricCriterion(1, weight=3, scale_max=10, position=1),
           RubricCriterion(2, weight=1, scale_max=10, position=2)]


def test_equal_weights_total_is_the_plain_average_of_the_fractions_of_each_scale():
    # A (9, 2): (1×9/10 + 1×2/10) / 2 × 100 = 1.1 / 2 × 100 = 55
    # B (5, 7): (1×5/10 + 1×7/10) / 2 × 100 = 1.2 / 2 × 100 = 60  → B before A
    ranking = rank(EQUAL, candidates("AAA", "BBB"), scorings(EQUAL, {(10, 1): (9, 2), (10, 2): (5, 7)}))

    assert ranking.of(1).judge_totals == {10: 55}
    assert ranking.of(2).judge_totals == {10: 60}
    assert order(ranking) == [2, 1]
    assert [ranking.of(2).rank, ranking.of(1).rank] == [1, 2]


def test_unequal_weights_change_the_order():
    # Weights 3 and 1 (sum 4), the same values as above:
    # A (9, 2): (3×9/10 + 1×2/10) / 4 × 100 = (2.7 + 0.2) / 4 × 100 = 72.5
    # B (5, 7): (3×5/10 + 1×7/10) / 4 × 100 = (1.5 + 0.7) / 4 × 100 = 55  → A before B
    ranking = rank(UNEQUAL, candidates("AAA", "BBB"), scorings(UNEQUAL, {(10, 1): (9, 2), (10, 2): (5, 7)}))

    assert ranking.of(1).judge_totals == {10: Fraction(145, 2)}
    assert ranking.of(2).judge_totals == {10: 55}
    assert order(ranking) == [1, 2]


def test_scales_differ_per_criterion():
    # weight 2 on 0–5 and weight 1 on 0–20; values (4, 10):
    # (2×4/5 + 1×10/20) / 3 × 100 = (1.6 + 0.5) / 3 × 100 = 70
    criteria = [RubricCriterion(1, 2, 5, 1), RubricCriterion(2, 1, 20, 2)]
    assert judge_total(criteria, {1: 4, 2: 10}) == 70


def test_entry_score_is_the_mean_of_its_judges_totals_kept_exact():
    # J10: (8, 6) → (0.8 + 0.6)/2 × 100 = 70; J11: (9, 9) → 90; J12: (4, 0) → 20
    # mean = (70 + 90 + 20) / 3 = 180 / 3 = 60; spread 90 − 20 = 70
    # Entry 2 alone: J10 (10, 10) → 100, J11 (5, 5) → 50: mean 150/2 = 75 → first
    table = {(10, 1): (8, 6), (11, 1): (9, 9), (12, 1): (4, 0), (10, 2): (10, 10), (11, 2): (5, 5)}
    ranking = rank(EQUAL, candidates("AAA", "BBB"), scorings(EQUAL, table))

    first = ranking.of(1)
    assert first.judge_totals == {10: 70, 11: 90, 12: 20}
    assert (first.mean, first.judges, first.spread) == (60, 3, 70)
    assert ranking.of(2).mean == 75
    assert order(ranking) == [2, 1]
    assert ranking.of(1).normalised is None and ranking.of(1).score == 60


def test_means_are_not_rounded_only_displayed_rounded():
    # J10: (2, 0) → 10; J11: (3, 0) → 15; J12: (0, 0) → 0: mean 25 / 3 = 8.333…
    table = {(10, 1): (2, 0), (11, 1): (3, 0), (12, 1): (0, 0)}
    row = rank(EQUAL, candidates("AAA"), scorings(EQUAL, table)).of(1)

    assert row.mean == Fraction(25, 3)
    assert display(row.mean) == 8.33 and display(None) is None


# Normalisation ----------------------------------------------------------------------------

ONE = [RubricCriterion(1, weight=1, scale_max=10, position=1)]


def test_normalising_makes_a_harsh_and_a_lenient_judge_with_the_same_preferences_count_alike():
    # Harsh judge 10 scores entries 1 and 2: 3 and 5 → totals 30 and 50.
    # Lenient judge 11 scores entries 3 and 4: 7 and 9 → totals 70 and 90.
    # Each prefers its second entry by the same margin.
    # Raw means: 4 (90) > 3 (70) > 2 (50) > 1 (30).
    # Judge 10: mean 40, sd √((10² + 10²)/2) = 10 → z(1) = −1, z(2) = +1.
    # Judge 11: mean 80, sd 10 → z(3) = −1, z(4) = +1.
    # All totals: mean (30+50+70+90)/4 = 60, sd √((30²+10²+10²+30²)/4) = √500 = 22.3607.
    # Normalised: 1 = 3 = 60 − 22.3607 = 37.6393; 2 = 4 = 60 + 22.3607 = 82.3607.
    # 2 and 4 tie; the key criterion's mean (5 vs 9) puts 4 first; then 2, then 3 and 1
    # (tied at 37.64, key mean 7 vs 3).
    table = {(10, 1): (3,), (10, 2): (5,), (11, 3): (7,), (11, 4): (9,)}
    raw = rank(ONE, candidates("AAA", "BBB", "CCC", "DDD"), scorings(ONE, table))
    normalised = rank(ONE, candidates("AAA", "BBB", "CCC", "DDD"), scorings(ONE, table), normalise=True)

    assert order(raw) == [4, 3, 2, 1]
    assert normalised.normalised
    assert normalised.of(2).normalised == pytest.approx(60 + math.sqrt(500))
    assert normalised.of(4).normalised == pytest.approx(60 + math.sqrt(500))
    assert normalised.of(1).normalised == pytest.approx(60 - math.sqrt(500))
    assert normalised.of(3).normalised == pytest.approx(60 - math.sqrt(500))
    assert normalised.of(2).score == normalised.of(2).normalised
    assert normalised.of(2).mean == 50  # the raw mean is still there to show
    assert order(normalised) == [4, 2, 3, 1]


def test_normalised_scores_equal_in_arithmetic_tie_despite_floating_point():
    # Judge 10 scores 1, 2, 3 with 1, 2, 3 (totals 10, 20, 30); judge 11 scores 4, 5, 6 with
    # 7, 8, 9 (70, 80, 90). Both have sd √(200/3); z = −1.2247, 0, +1.2247 for each.
    # Entries 3 and 6 tie exactly; the key mean (3 vs 9) puts 6 first.
    table = {(10, 1): (1,), (10, 2): (2,), (10, 3): (3,), (11, 4): (7,), (11, 5): (8,), (11, 6): (9,)}
    ranking = rank(ONE, candidates("A", "B", "C", "D", "E", "F"), scorings(ONE, table), normalise=True)

    assert order(ranking) == [6, 3, 5, 2, 4, 1]


def test_a_judge_with_one_entry_or_no_spread_gives_z_zero():
    # Judge 10: entries 1 (4 → 40) and 2 (6 → 60): mean 50, sd 10, z = −1 and +1.
    # Judge 11: only entry 3 (8 → 80): z = 0.
    # Judge 12: entries 4 and 5, both 5 → 50 and 50: sd 0, z = 0 for both.
    # All totals: 40, 60, 80, 50, 50: mean 280/5 = 56;
    # squared deviations 256, 16, 576, 36, 36 → variance 920/5 = 184, sd √184 = 13.5647.
    # Normalised: 1 = 56 − 13.5647 = 42.4353; 2 = 56 + 13.5647 = 69.5647; 3 = 4 = 5 = 56.
    table = {(10, 1): (4,), (10, 2): (6,), (11, 3): (8,), (12, 4): (5,), (12, 5): (5,)}
    ranking = rank(ONE, candidates("A", "B", "C", "D", "E"), scorings(ONE, table), normalise=True)

    assert ranking.of(1).normalised == pytest.approx(56 - math.sqrt(184))
    assert ranking.of(2).normalised == pytest.approx(56 + math.sqrt(184))
    assert [ranking.of(n).normalised for n in (3, 4, 5)] == [pytest.approx(56)] * 3
    # 3, 4 and 5 tie at 56: key means 8, 5, 5 → 3 first; 4 and 5 by submission time.
    assert order(ranking) == [2, 3, 4, 5, 1]


# Tie-breaks -------------------------------------------------------------------------------

THREE = [RubricCriterion(1, weight=2, scale_max=10, position=1),   # innovation
         RubricCriterion(2, weight=3, scale_max=10, position=2),   # relevance: the key (first of the 3s)
         RubricCriterion(3, weight=3, scale_max=10, position=3)]   # feasibility: same weight, later


def test_the_key_criterion_is_the_largest_weight_first_by_position():
    assert key_criterion(THREE).id == 2
    assert key_criterion(list(reversed(THREE))).id == 2
    assert key_criterion([]) is None


def test_tie_break_2_the_higher_mean_on_the_key_criterion():
    # P (6, 8, 4): (2×0.6 + 3×0.8 + 3×0.4) / 8 × 100 = (1.2 + 2.4 + 1.2) / 8 × 100 = 60
    # Q (6, 4, 8): (1.2 + 1.2 + 2.4) / 8 × 100 = 60 — a tie on score.
    # Key (relevance): P 8 > Q 4 → P first, although Q was submitted first and feasibility
    # (the same weight, later position) favours Q.
    table = {(10, 1): (6, 4, 8), (10, 2): (6, 8, 4)}
    ranking = rank(THREE, candidates("QQQ", "PPP"), scorings(THREE, table))

    assert ranking.of(1).mean == ranking.of(2).mean == 60
    assert (ranking.of(2).key_criterion_mean, ranking.of(1).key_criterion_mean) == (8, 4)
    assert order(ranking) == [2, 1]
    assert ranking.key_criterion_id == 2


def test_tie_break_3_more_judges():
    # Entry 1: judge 10 (5, 5, 5) → 50. Entry 2: judges 10 and 11, both (5, 5, 5) → 50 and 50.
    # Same mean 50, same key mean 5; entry 2 has two judges → first, though submitted later.
    table = {(10, 1): (5, 5, 5), (10, 2): (5, 5, 5), (11, 2): (5, 5, 5)}
    ranking = rank(THREE, candidates("AAA", "BBB"), scorings(THREE, table))

    assert order(ranking) == [2, 1]
    assert (ranking.of(2).judges, ranking.of(1).judges) == (2, 1)


def test_tie_break_4_the_earlier_submission():
    # Identical scores (7, 7, 7) → 70 each, one judge each; entry 2 was submitted an hour earlier.
    entries = [Candidate(1, "AAA", T0 + timedelta(hours=2)), Candidate(2, "ZZZ", T0 + timedelta(hours=1))]
    table = {(10, 1): (7, 7, 7), (10, 2): (7, 7, 7)}

    assert order(rank(THREE, entries, scorings(THREE, table))) == [2, 1]


def test_tie_break_5_the_reference():
    # Everything equal, submitted at the same moment: "K7…" before "M2…".
    entries = [Candidate(1, "M2", T0), Candidate(2, "K7", T0)]
    table = {(10, 1): (7, 7, 7), (10, 2): (7, 7, 7)}
    ranking = rank(THREE, entries, scorings(THREE, table))

    assert order(ranking) == [2, 1]
    assert [row.rank for row in ranking.rows] == [1, 2]  # ranks are never shared


def test_tie_break_1_the_score_wins_over_everything_after_it():
    # Entry 1: (10, 0, 10) → (2 + 0 + 3)/8 × 100 = 62.5, key 0, one judge, submitted first.
    # Entry 2: (0, 10, 0) → 3/8 × 100 = 37.5, key 10. The score decides: 1 first.
    table = {(10, 1): (10, 0, 10), (10, 2): (0, 10, 0), (11, 2): (0, 10, 0)}
    ranking = rank(THREE, candidates("BBB", "AAA"), scorings(THREE, table))

    assert ranking.of(1).mean == Fraction(125, 2) and ranking.of(2).mean == Fraction(75, 2)
    assert order(ranking) == [1, 2]


# Disagreement -----------------------------------------------------------------------------

PERCENT = [RubricCriterion(1, weight=1, scale_max=100, position=1)]


@pytest.mark.parametrize("second, flagged", [(75, False), (76, True), (50, False), (25, False), (24, True)])
def test_disagreement_flag_only_beyond_the_threshold(second, flagged):
    # Totals 50 and `second` on a 0–100 scale: spread |50 − second|; flagged when > 25.
    table = {(10, 1): (50,), (11, 1): (second,)}
    row = rank(PERCENT, candidates("AAA"), scorings(PERCENT, table), disagreement_points=25).of(1)

    assert row.spread == abs(50 - second)
    assert row.disagreement is flagged


def test_the_spread_uses_the_raw_totals_when_normalising():
    # Judge 10 gives 1 → 20 and 2 → 90 (spread of entry 2's judges: 90 − 60 = 30 > 25).
    table = {(10, 1): (20,), (10, 2): (90,), (11, 2): (60,)}
    row = rank(PERCENT, candidates("A", "B"), scorings(PERCENT, table), normalise=True).of(2)

    assert (row.spread, row.disagreement) == (30, True)


def test_one_judge_never_disagrees():
    row = rank(PERCENT, candidates("AAA"), scorings(PERCENT, {(10, 1): (0,)}), disagreement_points=1).of(1)
    assert (row.spread, row.disagreement) == (0, False)


# Incomplete scoring -----------------------------------------------------------------------


def test_incomplete_scorings_do_not_count_and_unscored_entries_come_last_unranked():
    # Entry 1: judge 10 complete (8, 8) → 80; judge 11 scored only criterion 1 → left out.
    # Entry 2: judge 10 only criterion 2 → no complete scoring → unranked.
    # Entry 3: nobody → unranked. Entry 4: judge 11 (5, 5) → 50.
    # Unranked by submission time: 2 then 3.
    table = [Scoring(10, 1, {1: 8, 2: 8}), Scoring(11, 1, {1: 2}), Scoring(10, 2, {2: 9}), Scoring(11, 4, {1: 5, 2: 5})]
    ranking = rank(EQUAL, candidates("A", "B", "C", "D"), table)

    assert order(ranking) == [1, 4, 2, 3]
    assert [row.rank for row in ranking.rows] == [1, 2, None, None]
    assert ranking.of(1).judge_totals == {10: 80} and ranking.of(1).judges == 1
    unranked = ranking.of(2)
    assert (unranked.mean, unranked.score, unranked.judges, unranked.disagreement) == (None, None, 0, False)
    assert [r.entry_id for r in ranking.unranked] == [2, 3]
    assert [r.entry_id for r in ranking.ranked] == [1, 4]


def test_scorings_of_unknown_entries_and_an_empty_rubric_rank_nothing():
    assert order(rank(EQUAL, candidates("A"), [Scoring(10, 99, {1: 5, 2: 5})])) == [1]
    assert rank(EQUAL, candidates("A"), [Scoring(10, 99, {1: 5, 2: 5})]).of(1).rank is None
    assert rank([], candidates("A"), [Scoring(10, 1, {})]).of(1).rank is None
    assert rank(EQUAL, [], []).rows == ()
