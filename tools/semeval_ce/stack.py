"""(b) The cross-encoder's score as one more feature of the product's answer ranker.

Runs in the project's venv (.venv/bin/python tools/semeval_ce/stack.py): the answer ranker's
features come from the engine exactly as `crowdservice train_answer_ranker` computes them
(the same TRAIN files, the same out-of-fold n-gram text model, the same nested 5-fold CV, the
same grid and selection rule). The new column `cross_encoder` is the out-of-fold cross-encoder
logit on TRAIN (2-fold: each thread scored by a model that never saw it) and, on DEV, either the
mean logit of the two fold models (same scale as the TRAIN column) or the full model's logit.

    stack.py features      # cache the engine's TRAIN/DEV feature matrices (needs embeddings)
    stack.py evaluate      # baseline vs + cross_encoder, DEV and CV, via the project's metrics
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("CROWDSERVICE_SEMEVAL_DIR", "/work/shared/bench/semeval2016")

from crowdservice.search.semeval import training as T  # noqa: E402
from crowdservice.search.semeval.harness import Examples  # noqa: E402

OUT = Path(os.environ.get("SEMEVAL_CE_OUT", "/work/semeval-ce-out"))
FEATURES = OUT / "ranker_features.pkl"
CE = "cross_encoder"
CE_Z = "cross_encoder_z"  # the logit standardised within its thread


def within_thread_z(examples: Examples, scores: np.ndarray) -> np.ndarray:
    out = np.zeros(len(scores))
    groups = np.asarray(examples.groups)
    for g in dict.fromkeys(examples.groups):
        rows = np.flatnonzero(groups == g)
        s = scores[rows]
        out[rows] = (s - s.mean()) / (s.std() + 1e-6)
    return out


def features() -> None:
    from crowdservice.search.engine.embedder import Embedder
    from crowdservice.search.engine.ranker import Engine
    from crowdservice.search.engine.vectors import TextVectors
    from crowdservice.search.semeval.data import read_threads
    from crowdservice.search.semeval.harness import answer_examples

    vectors = TextVectors(lambda: Embedder(threads=1), cache_file=T.vector_cache())
    engine = Engine(vectors=vectors)
    where = T.data_dir()
    train = Examples.concat([answer_examples(engine, read_threads(where / f)) for f in T.A_TRAIN])
    dev = answer_examples(engine, read_threads(where / T.A_DEV))
    vectors.save()
    # Exactly what train_answers does before selecting: OOF text model on TRAIN, nested for CV.
    rows = np.arange(len(train.labels))
    train = train.with_column(T.TEXT_FEATURE, T.out_of_fold_text_scores(train, rows))
    dev = dev.with_column(T.TEXT_FEATURE, T.fit_text(train).score(dev.texts))
    stacking = T.Stacking.nested(train)
    FEATURES.write_bytes(pickle.dumps((train, dev, stacking)))
    print(f"wrote {FEATURES}: TRAIN {len(train.labels)} rows, DEV {len(dev.labels)} rows")


def ce_columns(
    train: Examples, dev: Examples, folds: int = 2, epoch: int = 2
) -> dict[str, np.ndarray]:
    """TRAIN out-of-fold column and the DEV variants, aligned with the engine's rows."""
    oof = np.full(len(train.labels), np.nan)
    dev_folds = []
    for k in range(folds):
        data = np.load(OUT / f"k{folds}f{k}.npz")
        oof[data["held_rows"]] = data[f"held_e{epoch}"]
        dev_folds.append(data[f"dev_e{epoch}"])
    assert not np.isnan(oof).any(), "some TRAIN rows have no out-of-fold score"
    columns = {"train_oof": oof, "dev_fold_mean": np.mean(dev_folds, axis=0)}
    full = OUT / "full.npz"
    if full.exists():
        data = np.load(full)
        if f"dev_e{epoch}" in data:
            columns["dev_full"] = data[f"dev_e{epoch}"]
    return columns


def check_alignment(train: Examples, dev: Examples) -> None:
    """The cross-encoder's pairs (tools/semeval_ce/common.py) must be the engine's rows."""
    groups = json.loads((OUT / "pair_groups.json").read_text())
    assert groups["train"] == train.groups, "TRAIN rows differ"
    assert groups["dev"] == dev.groups, "DEV rows differ"
    assert groups["train_labels"] == [bool(v) for v in train.labels]
    assert groups["dev_labels"] == [bool(v) for v in dev.labels]


def dev_against_gold(scores: np.ndarray) -> object:
    """The DEV run scored against the official .relevancy file, as bench/semeval.py does."""
    from crowdservice.search.semeval.metrics import RunLine, read_run
    from crowdservice.search.semeval.metrics import evaluate as score_run

    gold = read_run(T.data_dir() / "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.relevancy")
    assert len(gold) == len(scores)
    run = [RunLine(g.qid, g.cid, 0, float(s), False) for g, s in zip(gold, scores, strict=True)]
    return score_run(gold, run)


def evaluate(epoch: int) -> None:
    train, dev, stacking = pickle.loads(FEATURES.read_bytes())  # noqa: S301 - our own file
    check_alignment(train, dev)
    cols = ce_columns(train, dev, epoch=epoch)
    fmt = lambda s: f"{s.map:6.2f} {s.mrr:6.2f} {s.p_at_1:6.2f}"  # noqa: E731
    print(f"(a) cross-encoder alone, epoch {epoch} (MAP MRR P@1):")
    print(f"  TRAIN 2-fold out-of-fold     {fmt(T.evaluate_scores(train, cols['train_oof']))}")
    for name in ("dev_fold_mean", "dev_full"):
        if name in cols:
            print(
                f"  DEV {name:<24} {fmt(T.evaluate_scores(dev, cols[name]))}"
                f"   gold-file check: {fmt(dev_against_gold(cols[name]))}"
            )
    names = train.matrix.names
    base_sets = T.feature_sets("A", names)
    train_ce = train.with_column(CE, cols["train_oof"])
    train_ce = train_ce.with_column(CE_Z, within_thread_z(train, cols["train_oof"]))
    print("\n(b) answer ranker, the trainer's grid; CV = nested 5-fold on TRAIN (MAP MRR P@1)")
    for dev_name in [n for n in ("dev_fold_mean", "dev_full") if n in cols]:
        dev_ce = dev.with_column(CE, cols[dev_name])
        dev_ce = dev_ce.with_column(CE_Z, within_thread_z(dev, cols[dev_name]))
        for label, sets in (
            ("baseline", base_sets),
            ("+ce", {f"{k}+ce": (*v, CE) for k, v in base_sets.items()}),
            ("+ce+ce_z", {f"{k}+ce+z": (*v, CE, CE_Z) for k, v in base_sets.items()}),
        ):
            if label == "baseline" and dev_name != "dev_fold_mean":
                continue
            use_train = train if label == "baseline" else train_ce
            use_dev = dev if label == "baseline" else dev_ce
            print(f" {label} (DEV column: {dev_name if label != 'baseline' else '-'})")
            best, _ = T.select(use_train, use_dev, T.grid(sets, T.L2_GRID), stacking=stacking)
            print(
                f"  chosen {best.config.name} {best.config.objective} l2={best.config.l2}: "
                f"CV {fmt(best.cv)} | DEV {fmt(best.dev)}"
            )
            if label != "baseline":
                model = T.fit(use_train, best.config)
                w = dict(zip(model.features, model.weights, strict=True))
                print(
                    f"  standardised weight of {CE}: {w[CE]:.3f} "
                    f"(largest other: {max(abs(v) for k, v in w.items() if k != CE):.3f})"
                )


def half(epoch: int, fold: int = 0) -> None:
    """When only one fold model exists: the ranker is trained on that model's held-out half of
    TRAIN (where its score is honest), with and without the column, and scored on DEV with the
    same model's DEV logits. A paired comparison; the ranker sees half of TRAIN either way."""
    train, dev, _ = pickle.loads(FEATURES.read_bytes())  # noqa: S301 - our own file
    check_alignment(train, dev)
    data = np.load(OUT / f"k2f{fold}.npz")
    held, held_scores, dev_scores = data["held_rows"], data[f"held_e{epoch}"], data[f"dev_e{epoch}"]
    sub = train.subset(held)
    fmt = lambda s: f"{s.map:6.2f} {s.mrr:6.2f} {s.p_at_1:6.2f}"  # noqa: E731
    print(
        f"(a) fold {fold} model, epoch {epoch}: held-out half of TRAIN "
        f"{fmt(T.evaluate_scores(sub, held_scores))} "
        f"| DEV {fmt(T.evaluate_scores(dev, dev_scores))}"
        f" | DEV via gold file {fmt(dev_against_gold(dev_scores))}"
    )
    base_sets = T.feature_sets("A", train.matrix.names)
    sub_ce = sub.with_column(CE, held_scores)
    sub_ce = sub_ce.with_column(CE_Z, within_thread_z(sub, held_scores))
    dev_ce = dev.with_column(CE, dev_scores).with_column(CE_Z, within_thread_z(dev, dev_scores))
    print("(b) ranker trained on that half; CV = 5-fold inside the half (text model not nested)")
    for label, sets, tr, dv in (
        ("baseline", base_sets, sub, dev),
        ("+ce", {f"{k}+ce": (*v, CE) for k, v in base_sets.items()}, sub_ce, dev_ce),
        ("+ce+ce_z", {f"{k}+cez": (*v, CE, CE_Z) for k, v in base_sets.items()}, sub_ce, dev_ce),
    ):
        print(f" {label}")
        best, trials = T.select(tr, dv, T.grid(sets, T.L2_GRID))
        fixed = next(
            t
            for t in trials
            if t.config.name.startswith("all")
            and t.config.objective == "pairwise"
            and t.config.l2 == 0.1
        )
        print(
            f"  chosen {best.config.name} {best.config.objective} l2={best.config.l2}: "
            f"CV {fmt(best.cv)} | DEV {fmt(best.dev)};  product config (all, pairwise, 0.1): "
            f"CV {fmt(fixed.cv)} | DEV {fmt(fixed.dev)}"
        )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "evaluate"
    if command == "features":
        features()
    elif command == "half":
        half(
            int(sys.argv[2]) if len(sys.argv) > 2 else 2,
            int(sys.argv[3]) if len(sys.argv) > 3 else 0,
        )
    elif command == "baseline":
        train, dev, stacking = pickle.loads(FEATURES.read_bytes())  # noqa: S301 - our own file
        check_alignment(train, dev)
        best, _ = T.select(
            train,
            dev,
            T.grid(T.feature_sets("A", train.matrix.names), T.L2_GRID),
            stacking=stacking,
        )
        print(f"baseline chosen {best.config}: CV {best.cv} DEV {best.dev}")
    else:
        evaluate(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
