"""The SemEval metrics, against hand-computed cases and the official scorer's published numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from crowdservice.search.semeval.metrics import (
    RunLine,
    average_precision,
    evaluate,
    evaluate_ir_baseline,
    read_run,
    reciprocal_rank,
    score_rankings,
    write_run,
)
from crowdservice.search.semeval.training import data_dir

DATA = data_dir()  # CROWDSERVICE_SEMEVAL_DIR or ../shared/bench/semeval2016
A_GOLD = DATA / "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.relevancy"
A_RANDOM = DATA / "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.pred"
B_GOLD = DATA / "SemEval2016-Task3-CQA-QL-dev.xml.subtaskB.relevancy"
B_RANDOM = DATA / "SemEval2016-Task3-CQA-QL-dev.xml.subtaskB.pred"

T, F = True, False


def test_average_precision_by_hand() -> None:
    # Relevant at ranks 1, 3 and 6: (1/1 + 2/3 + 3/6) / 3.
    assert average_precision([T, F, T, F, F, T]) == pytest.approx((1 + 2 / 3 + 0.5) / 3)
    # Only ranks within the top 10 count, and AP divides by the relevant ones found there.
    assert average_precision([F] * 10 + [T]) == 0.0
    assert average_precision([F, T] + [F] * 8 + [T]) == pytest.approx(0.5)
    assert average_precision([F, F, F]) == 0.0


def test_reciprocal_rank_by_hand() -> None:
    assert reciprocal_rank([F, F, T, T]) == pytest.approx(1 / 3)
    assert reciprocal_rank([F] * 10 + [T]) == 0.0


def test_queries_without_relevant_candidates_count_as_zero() -> None:
    scores = score_rankings({"q1": [T, F], "q2": [F, F]})
    assert scores.map == pytest.approx(50.0)
    assert scores.mrr == pytest.approx(50.0)
    assert scores.p_at_1 == pytest.approx(50.0)


def test_ties_keep_gold_order() -> None:
    gold = [RunLine("q", "c1", 1, 1.0, F), RunLine("q", "c2", 2, 0.5, T)]
    tied = [RunLine("q", "c1", 0, 0.3, F), RunLine("q", "c2", 0, 0.3, T)]
    assert evaluate(gold, tied).map == pytest.approx(50.0)  # c1 stays first
    flipped = [RunLine("q", "c1", 0, 0.2, F), RunLine("q", "c2", 0, 0.3, T)]
    assert evaluate(gold, flipped).map == pytest.approx(100.0)


def test_a_run_must_score_every_gold_pair() -> None:
    gold = [RunLine("q", "c1", 1, 1.0, T)]
    with pytest.raises(ValueError, match="no score"):
        evaluate(gold, [RunLine("q", "other", 1, 1.0, T)])


def test_run_files_round_trip(tmp_path: Path) -> None:
    lines = [RunLine("Q1", "Q1_R1", 1, 0.25, T), RunLine("Q1", "Q1_R2", 2, -1.5, F)]
    write_run(tmp_path / "run.pred", lines)
    assert (tmp_path / "run.pred").read_text().splitlines()[0] == "Q1\tQ1_R1\t1\t0.25\ttrue"
    assert read_run(tmp_path / "run.pred") == lines


@pytest.mark.parametrize(
    ("gold", "run", "expected"),
    [
        # Official random runs on dev (scorer README §4 and random_baselines_MAP.txt).
        (B_GOLD, B_RANDOM, (55.95, 62.23, 48.00)),
        (A_GOLD, A_RANDOM, (45.56, 53.50, 36.07)),
    ],
)
def test_official_random_baselines(gold: Path, run: Path, expected: tuple[float, ...]) -> None:
    scores = evaluate(read_run(gold), read_run(run))
    assert (round(scores.map, 2), round(scores.mrr, 2), round(scores.p_at_1, 2)) == expected


@pytest.mark.parametrize(
    ("gold", "expected", "queries"),
    [(B_GOLD, (71.35, 76.67, 70.00), 50), (A_GOLD, (53.84, 63.13, 50.82), 244)],
)
def test_ir_baselines_from_gold_score_column(
    gold: Path, expected: tuple[float, ...], queries: int
) -> None:
    scores = evaluate_ir_baseline(read_run(gold))
    assert scores.queries == queries
    assert (round(scores.map, 2), round(scores.mrr, 2), round(scores.p_at_1, 2)) == expected
