"""Ranking metrics exactly as the official SemEval-2016 Task 3 scorer (v2.2, ev.py) computes them.

- Candidates of each query keep the gold file's order; they are sorted by score, high to low,
  with a stable sort, so ties keep the gold order. Only the top 10 count.
- MAP: per query, the mean of precision@k over the ranks k (<= 10) holding a relevant candidate;
  a query with no relevant candidate scores 0 and still counts.
- MRR: 1/rank of the first relevant candidate in the top 10, 0 if none.
- P@1: the share of all queries whose top candidate is relevant (the scorer's ACC@01).
All three are returned x100, like the published tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

CUTOFF = 10


@dataclass(frozen=True)
class RunLine:
    """One line of a gold or run file: `qid  cid  rank  score  true|false`."""

    qid: str
    cid: str
    rank: int
    score: float
    label: bool

    def format(self) -> str:
        return f"{self.qid}\t{self.cid}\t{self.rank}\t{self.score:.10g}\t{str(self.label).lower()}"


@dataclass(frozen=True)
class Scores:
    map: float
    mrr: float
    p_at_1: float
    queries: int

    def as_dict(self) -> dict[str, float]:
        return {"MAP": round(self.map, 2), "MRR": round(self.mrr, 2), "P@1": round(self.p_at_1, 2)}


def read_run(path: Path | str) -> list[RunLine]:
    """Lines of a .relevancy or .pred file (any white space separates fields, as in the scorer)."""
    lines = []
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        if not raw.strip():
            continue
        fields = raw.split()
        if len(fields) != 5 or fields[4] not in ("true", "false"):
            raise ValueError(f"{path}:{number}: expected 'qid cid rank score true|false'")
        qid, cid, rank, score, label = fields
        lines.append(RunLine(qid, cid, int(rank), float(score), label == "true"))
    return lines


def write_run(path: Path | str, lines: Iterable[RunLine]) -> None:
    Path(path).write_text("".join(line.format() + "\n" for line in lines))


def ranked_labels(
    gold: Sequence[RunLine], scores: Mapping[tuple[str, str], float]
) -> dict[str, list[bool]]:
    """Per query, gold relevance in the order of descending score (stable on gold order)."""
    grouped: dict[str, list[tuple[float, bool]]] = {}
    for line in gold:
        grouped.setdefault(line.qid, []).append((scores[(line.qid, line.cid)], line.label))
    return {
        qid: [label for _, label in sorted(items, key=lambda item: item[0], reverse=True)]
        for qid, items in grouped.items()
    }


def average_precision(labels: Sequence[bool], cutoff: int = CUTOFF) -> float:
    hits, precisions = 0, []
    for k, relevant in enumerate(labels[:cutoff], 1):
        if relevant:
            hits += 1
            precisions.append(hits / k)
    return sum(precisions) / len(precisions) if precisions else 0.0


def reciprocal_rank(labels: Sequence[bool], cutoff: int = CUTOFF) -> float:
    for k, relevant in enumerate(labels[:cutoff], 1):
        if relevant:
            return 1.0 / k
    return 0.0


def score_rankings(rankings: Mapping[str, Sequence[bool]], cutoff: int = CUTOFF) -> Scores:
    """MAP, MRR and P@1 (x100) of per-query label lists already in ranked order."""
    n = len(rankings)
    if n == 0:
        return Scores(0.0, 0.0, 0.0, 0)
    ap = sum(average_precision(r, cutoff) for r in rankings.values())
    rr = sum(reciprocal_rank(r, cutoff) for r in rankings.values())
    p1 = sum(1 for r in rankings.values() if r and r[0])
    return Scores(100 * ap / n, 100 * rr / n, 100 * p1 / n, n)


def evaluate(gold: Sequence[RunLine], predicted: Sequence[RunLine]) -> Scores:
    """Score a run against gold, as ev.py does: labels from gold, scores from the run."""
    scores = {(p.qid, p.cid): p.score for p in predicted}
    missing = [(g.qid, g.cid) for g in gold if (g.qid, g.cid) not in scores]
    if missing:
        raise ValueError(f"The run has no score for {len(missing)} gold pairs, e.g. {missing[0]}")
    return score_rankings(ranked_labels(gold, scores))


def evaluate_ir_baseline(gold: Sequence[RunLine]) -> Scores:
    """The IR baseline: gold files carry it in their score column."""
    return evaluate(gold, gold)
