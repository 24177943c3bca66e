"""Strict / lax alignment scores on hand-computed cases."""

from __future__ import annotations

import pytest

from auditor.evaluate import format_alignment_line, parse_alignment_line, read_alignment_file, score_alignments

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]


def test_perfect_alignment_scores_one():
    sc = score_alignments([GOLD], [GOLD])
    assert sc.f1_strict == sc.f1_lax == 1.0


def test_split_predicted_as_one_to_one_is_a_lax_but_not_a_strict_hit():
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))]
    sc = score_alignments([GOLD], [test])
    # precision over 5 test beads: 3 exact; [1]:[1] is lax; []:[2] is neither
    assert sc.precision_strict == pytest.approx(3 / 5)
    assert sc.precision_lax == pytest.approx(4 / 5)
    # recall over the 3 gold beads with both sides: [1]:[1,2] is missed strictly, laxly found
    assert sc.recall_strict == pytest.approx(2 / 3)
    assert sc.recall_lax == pytest.approx(1.0)


def test_deletions_count_for_precision_only():
    test = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), ())]
    sc = score_alignments([GOLD], [test])
    assert sc.precision_strict == pytest.approx(2 / 4)
    assert sc.recall_strict == pytest.approx(2 / 3)


def test_counts_are_summed_over_documents():
    one = score_alignments([GOLD, GOLD], [GOLD, [((0,), (1,))]])
    assert one.test_beads == 5 and one.gold_beads == 8
    assert one.precision_strict == pytest.approx(4 / 5)


def test_line_format_round_trips_and_rejects_garbage(tmp_path):
    assert parse_alignment_line("[1, 2]:[3]") == ((1, 2), (3,))
    assert parse_alignment_line("[]:[4]") == ((), (4,))
    assert format_alignment_line(((1, 2), ())) == "[1, 2]:[]"
    for bad in ("1:2", "[a]:[1]", "[1][2]"):
        with pytest.raises(ValueError):
            parse_alignment_line(bad)
    path = tmp_path / "x.align"
    path.write_text("[0]:[0]\n\n[1]:[x]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="x.align:3"):
        read_alignment_file(path)


def test_document_counts_must_match():
    with pytest.raises(ValueError, match="gold documents"):
        score_alignments([GOLD], [])
