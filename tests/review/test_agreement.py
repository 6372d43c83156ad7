"""Agreement between two annotators, on a small example worked out by hand."""

import pytest

from claims.agreement import Span, agreement, cohen_kappa, match_spans, overlap

# A and B annotate the same source. Three of A's four spans have a partner in B's:
#   A (0,10) X  ~ B (0,10) X    same span, same speaker
#   A (20,30) Y ~ B (22,30) Y   overlap 8/10 = 0.8, same speaker
#   A (40,50) X ~ B (40,50) Y   same span, different speaker
#   A (60,70) Z                 B never marked it
#                 B (80,90) X   A never marked it
A = [Span(0, 10, "X"), Span(20, 30, "Y"), Span(40, 50, "X"), Span(60, 70, "Z")]
B = [Span(0, 10, "X"), Span(22, 30, "Y"), Span(40, 50, "Y"), Span(80, 90, "X")]


def test_overlap_is_intersection_over_union():
    assert overlap(Span(20, 30), Span(22, 30)) == pytest.approx(0.8)
    assert overlap(Span(0, 10), Span(5, 15)) == pytest.approx(5 / 15)
    assert overlap(Span(0, 10), Span(10, 20)) == 0.0


def test_spans_pair_one_to_one_by_best_overlap():
    pairs, only_a, only_b = match_spans(A, B)
    assert [(x.start, y.start) for x, y in pairs] == [(0, 0), (20, 22), (40, 40)]
    assert only_a == [Span(60, 70, "Z")]
    assert only_b == [Span(80, 90, "X")]


def test_a_span_pairs_with_its_best_partner_only_once():
    pairs, only_a, only_b = match_spans([Span(0, 10)], [Span(0, 9), Span(0, 10)])
    assert pairs == [(Span(0, 10), Span(0, 10))]
    assert only_a == []
    assert only_b == [Span(0, 9)]


def test_span_f1_counts_pairs_against_both_annotators_spans():
    # 3 pairs, 4 + 4 spans: F1 = 2*3 / 8
    assert agreement(A, B).span_f1 == pytest.approx(0.75)


def test_exact_span_f1_leaves_out_the_shifted_span():
    # only (0,10) and (40,50) are the same span: F1 = 2*2 / 8
    assert agreement(A, B, min_overlap=1.0).span_f1 == pytest.approx(0.5)


def test_speaker_kappa_discounts_chance_agreement():
    # On the 3 pairs: A says X, Y, X; B says X, Y, Y.
    # observed 2/3; chance: A names X 2/3, Y 1/3; B names X 1/3, Y 2/3
    # expected = 2/3*1/3 + 1/3*2/3 = 4/9; kappa = (2/3 - 4/9) / (1 - 4/9) = 0.4
    result = agreement(A, B)
    assert result.speaker_agreement == pytest.approx(2 / 3)
    assert result.speaker_kappa == pytest.approx(0.4)


def test_kappa_is_one_for_full_agreement_and_undefined_for_one_label_throughout():
    assert cohen_kappa(["X", "Y"], ["X", "Y"]) == pytest.approx(1.0)
    assert cohen_kappa(["X", "X"], ["X", "X"]) is None
    assert cohen_kappa([], []) is None


def test_no_spans_at_all_gives_no_figures():
    result = agreement([], [])
    assert result.span_f1 is None
    assert result.speaker_kappa is None
