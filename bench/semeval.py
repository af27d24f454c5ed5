"""SemEval-2016 Task 3 benchmark of the search engine, on DEV (TEST is held out and never read).

Ranks DEV with the product's engine and committed models (the code path of
`crowdservice semeval_rank`), scores the runs as the official scorer v2.2 does (MAP, MRR, P@1;
queries without a relevant candidate count as 0; ties keep gold order; top 10), and prints them
next to the official baselines on DEV, the 5-fold cross-validated TRAIN numbers recorded when
the models were trained, and finally ONE line of JSON with every figure.

    .venv/bin/python bench/semeval.py [--data DIR] [--no-cache]

Subtask B (similar questions) is the engine's `rank_candidates`; subtask A (answers) is its
`score_answers`. Embeddings are cached in var/cache/minilm-vectors.npz: the first run encodes
about 5,300 texts (about a minute on 2 idle cores), later runs take a few seconds.
Exit status: 0 done, 2 the harness failed (data or model missing, run not matching gold).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

# A batch job owns the machine: let onnxruntime use both cores (web workers use one each).
os.environ.setdefault("CROWDSERVICE_EMBEDDER_THREADS", "2")
BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT / "src"))

from crowdservice.search.engine.embedder import get_embedder  # noqa: E402
from crowdservice.search.engine.ranker import Engine  # noqa: E402
from crowdservice.search.engine.vectors import TextVectors  # noqa: E402
from crowdservice.search.semeval import harness  # noqa: E402
from crowdservice.search.semeval.metrics import (  # noqa: E402
    Scores,
    evaluate,
    evaluate_ir_baseline,
    read_run,
)

DEV = {
    "B": (
        "SemEval2016-Task3-CQA-QL-dev.xml.gz",
        "SemEval2016-Task3-CQA-QL-dev.xml.subtaskB.relevancy",
        "SemEval2016-Task3-CQA-QL-dev.xml.subtaskB.pred",
    ),
    "A": (
        "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.gz",
        "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.relevancy",
        "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.pred",
    ),
}
# Published TEST figures, for orientation only (DEV and TEST differ: TEST is easier).
PUBLISHED_TEST_MAP = {
    "B": {"search engine": 74.75, "best system (UH-PRHLT)": 76.70, "our target": 78.0},
    "A": {"chronological": 59.53, "best system (KeLP)": 79.19, "our target": 80.0},
}
NAMES = {"A": "answer ranking (A)", "B": "similar questions (B)"}


def row(label: str, scores: dict[str, float] | Scores) -> str:
    s = scores.as_dict() if isinstance(scores, Scores) else scores
    return f"  {label:<34} {s['MAP']:>6.2f} {s['MRR']:>6.2f} {s['P@1']:>6.2f}"


def run(data: Path, cache: Path | None) -> dict[str, Any]:
    started = time.perf_counter()
    vectors = TextVectors(get_embedder, cache_file=cache)
    engine = Engine.from_directory(vectors=vectors)
    results: dict[str, Any] = {}
    for task in ("B", "A"):
        xml, gold_name, random_name = DEV[task]
        t0 = time.perf_counter()
        dataset = harness.load(data / xml, task)  # type: ignore[arg-type]
        lines = harness.rank(engine, dataset)
        seconds = time.perf_counter() - t0
        gold = read_run(data / gold_name)
        if [(g.qid, g.cid, g.label) for g in gold] != [
            (g.qid, g.cid, g.label) for g in harness.gold(dataset)
        ]:
            raise RuntimeError(f"{xml}: labels differ from {gold_name}")
        if [(g.qid, g.cid) for g in gold] != [(r.qid, r.cid) for r in lines]:
            raise RuntimeError(f"The run for {xml} is not in the gold file's order")
        model = engine.question_model if task == "B" else engine.answer_model
        assert model is not None
        results[task] = {
            "engine": evaluate(gold, lines).as_dict(),
            "ir_baseline": evaluate_ir_baseline(gold).as_dict(),
            "random_baseline": evaluate(gold, read_run(data / random_name)).as_dict(),
            "cv_train": dict(model.metadata.get("cv_train", {})),
            "model": dict(model.metadata.get("config", {})),
            "queries": len({g.qid for g in gold}),
            "seconds": round(seconds, 2),
        }
    vectors.save()
    results["encoded_texts"] = vectors.encoded
    results["seconds"] = round(time.perf_counter() - started, 2)
    return results


def report(results: dict[str, Any]) -> None:
    print("SemEval-2016 Task 3, DEV (official scorer semantics), x100")
    for task in ("B", "A"):
        r = results[task]
        baseline = "search engine order" if task == "B" else "chronological order"
        print(f"\n{NAMES[task]}: {r['queries']} queries, ranked in {r['seconds']:.1f} s")
        print(f"  {'':<34} {'MAP':>6} {'MRR':>6} {'P@1':>6}")
        print(row("engine (DEV)", r["engine"]))
        print(row(f"IR baseline: {baseline}", r["ir_baseline"]))
        print(row("random baseline (official draw)", r["random_baseline"]))
        if r["cv_train"]:
            print(row("engine, 5-fold CV on TRAIN", r["cv_train"]))
        model = r["model"]
        print(
            f"  model: {model.get('feature_set')} features ({model.get('features')}), "
            f"{model.get('objective')} logistic, l2={model.get('l2')}"
        )
        published = ", ".join(f"{k} {v:.2f}" for k, v in PUBLISHED_TEST_MAP[task].items())
        print(f"  published TEST MAP for orientation: {published}")
    print(f"\n{results['encoded_texts']} texts encoded, {results['seconds']:.1f} s in all")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the semeval2016 directory")
    parser.add_argument("--no-cache", action="store_true", help="encode everything afresh")
    args = parser.parse_args()
    data = args.data or Path(
        os.environ.get("CROWDSERVICE_SEMEVAL_DIR", REPO_ROOT.parent / "shared/bench/semeval2016")
    )
    var = Path(os.environ.get("CROWDSERVICE_VAR_DIR", REPO_ROOT / "var"))
    try:
        results = run(data, None if args.no_cache else var / "cache" / "minilm-vectors.npz")
    except Exception:
        traceback.print_exc()
        print(json.dumps({"bench": "semeval", "error": "harness failed"}))
        return 2
    report(results)
    print(json.dumps({"bench": "semeval", "split": "dev", **results}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
