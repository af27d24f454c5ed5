"""Training the rankers on SemEval TRAIN, selecting on DEV, with 5-fold cross-validation on TRAIN.

    crowdservice train_question_ranker   # subtask B data -> models_data/question_ranker.json
    crowdservice train_answer_ranker     # subtask A data -> models_data/answer_ranker.json
                                         #                   + models_data/answer_text_model.json

Training data: B uses train-part2 (67 queries; part1 is not available). A uses train-part2
(subtask A file) plus the 2015 train and dev files (labels already mapped to 2016's).
DEV only chooses among a few configurations (regularisation, objective, feature set); the chosen
one is refitted on TRAIN alone. TEST is never read.

The answer ranker stacks the n-gram text model: on TRAIN its feature is out-of-fold, and the
cross-validation is nested (each outer fold gets a text model that never saw it), so the CV
numbers are honest. Deterministic: Newton and gradient fits have no random state; the folds
come from a fixed seed.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from crowdservice.search.engine.model import LinearRanker, Objective, fit_ranker
from crowdservice.search.engine.ranker import Engine
from crowdservice.search.engine.textmodel import TextModel, fit_text_model
from crowdservice.search.semeval.data import read_queries, read_threads
from crowdservice.search.semeval.harness import Examples, answer_examples, question_examples
from crowdservice.search.semeval.metrics import Scores, score_rankings

SEED = 20160316
FOLDS = 5
L2_GRID = (0.01, 0.1, 1.0)
TEXT_MODEL_OPTIONS: dict[str, Any] = {"l2": 1e-4, "max_features": 1000, "min_df": 3}
TEXT_FEATURE = "text_model"

B_TRAIN = ("SemEval2016-Task3-CQA-QL-train-part2.xml.gz",)
B_DEV = "SemEval2016-Task3-CQA-QL-dev.xml.gz"
A_TRAIN = (
    "SemEval2016-Task3-CQA-QL-train-part2-subtaskA.xml.gz",
    "SemEval2015-Task3-CQA-QL-train-reformatted-excluding-2016-questions-cleansed.xml.gz",
    "SemEval2015-Task3-CQA-QL-dev-reformatted-excluding-2016-questions-cleansed.xml.gz",
)
A_DEV = "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.gz"


def data_dir() -> Path:
    """CROWDSERVICE_SEMEVAL_DIR, else ../shared/bench/semeval2016 next to the working copy."""
    configured = os.environ.get("CROWDSERVICE_SEMEVAL_DIR")
    return Path(configured) if configured else Path("../shared/bench/semeval2016").resolve()


def vector_cache() -> Path:
    """Embeddings of benchmark texts, kept between runs (var/ is not committed)."""
    return Path(os.environ.get("CROWDSERVICE_VAR_DIR", "var")) / "cache" / "minilm-vectors.npz"


@dataclass(frozen=True)
class Config:
    objective: Objective
    l2: float
    features: tuple[str, ...]
    name: str = ""

    def describe(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "l2": self.l2,
            "feature_set": self.name,
            "features": len(self.features),
        }


def evaluate_scores(examples: Examples, scores: np.ndarray) -> Scores:
    """Official-style metrics of per-row scores (rows are in gold order, so ties keep it)."""
    grouped: dict[str, list[tuple[float, bool]]] = {}
    for score, label, group in zip(scores, examples.labels, examples.groups, strict=True):
        grouped.setdefault(group, []).append((float(score), label))
    return score_rankings(
        {
            g: [label for _, label in sorted(items, key=lambda item: item[0], reverse=True)]
            for g, items in grouped.items()
        }
    )


def fold_ids(groups: Sequence[str], folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """The fold of each row; all candidates of a query share one."""
    unique = sorted(set(groups))
    permutation = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: i % folds for i, j in enumerate(permutation)}
    return np.array([fold_of[g] for g in groups])


def fit(examples: Examples, config: Config, metadata: dict[str, Any] | None = None) -> LinearRanker:
    return fit_ranker(
        examples.matrix,
        examples.labels,
        examples.groups,
        l2=config.l2,
        objective=config.objective,
        features=config.features,
        metadata=metadata,
    )


# The stacked text model ---------------------------------------------------------------------
def fit_text(examples: Examples, rows: np.ndarray | None = None) -> TextModel:
    picked = np.arange(len(examples.texts)) if rows is None else rows
    return fit_text_model(
        [examples.texts[i] for i in picked],
        [examples.labels[i] for i in picked],
        **TEXT_MODEL_OPTIONS,
    )


def out_of_fold_text_scores(examples: Examples, rows: np.ndarray) -> np.ndarray:
    """Text-model scores of `rows`, each from a model fitted on the other folds of `rows`."""
    scores = np.zeros(len(rows))
    folds = fold_ids([examples.groups[i] for i in rows])
    for k in range(FOLDS):
        inside = folds == k
        if inside.any() and (~inside).any():
            model = fit_text(examples, rows[~inside])
            scores[inside] = model.score([examples.texts[i] for i in rows[inside]])
    return scores


@dataclass
class Stacking:
    """For each outer CV fold, the text-model column as it would be without that fold."""

    per_fold: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def nested(cls, examples: Examples) -> Stacking:
        outer = fold_ids(examples.groups)
        stacking = cls()
        for k in range(FOLDS):
            column = np.zeros(len(examples.labels))
            train_rows, test_rows = np.flatnonzero(outer != k), np.flatnonzero(outer == k)
            column[train_rows] = out_of_fold_text_scores(examples, train_rows)
            model = fit_text(examples, train_rows)
            column[test_rows] = model.score([examples.texts[i] for i in test_rows])
            stacking.per_fold.append(column)
        return stacking


def cross_validate(examples: Examples, config: Config, stacking: Stacking | None = None) -> Scores:
    """Out-of-fold scores for every TRAIN query (folds by query), scored together."""
    folds = fold_ids(examples.groups)
    scores = np.zeros(len(examples.labels))
    for k in range(FOLDS):
        data = examples
        if stacking is not None:
            data = examples.with_column(TEXT_FEATURE, stacking.per_fold[k])
        model = fit(data.subset(np.flatnonzero(folds != k)), config)
        test = np.flatnonzero(folds == k)
        scores[test] = model.score(data.subset(test).matrix)
    return evaluate_scores(examples, scores)


# Selection ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trial:
    config: Config
    cv: Scores
    dev: Scores

    @property
    def criterion(self) -> float:
        # DEV is small (50 queries for B), so selection also weighs cross-validated TRAIN.
        return (self.cv.map + self.dev.map) / 2


def select(
    train: Examples,
    dev: Examples,
    configs: Sequence[Config],
    log: Callable[[str], None] = print,
    stacking: Stacking | None = None,
) -> tuple[Trial, list[Trial]]:
    trials = []
    for config in configs:
        model = fit(train, config)
        cv = cross_validate(train, config, stacking)
        trial = Trial(config, cv, evaluate_scores(dev, model.score(dev.matrix)))
        trials.append(trial)
        log(
            f"  {config.name:<5} {config.objective:<9} l2={config.l2:<5g} "
            f"CV MAP {trial.cv.map:6.2f} | DEV MAP {trial.dev.map:6.2f} "
            f"MRR {trial.dev.mrr:6.2f} P@1 {trial.dev.p_at_1:6.2f}"
        )
    best = max(trials, key=lambda t: t.criterion)
    return best, trials


def grid(feature_sets: dict[str, tuple[str, ...]], l2s: Sequence[float]) -> list[Config]:
    objectives: tuple[Objective, ...] = ("pointwise", "pairwise")
    return [
        Config(objective, l2, features, name)
        for name, features in feature_sets.items()
        for objective in objectives
        for l2 in l2s
    ]


def feature_sets(task: str, names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The feature sets tried: everything, and a compact core less likely to overfit."""
    core = {
        "B": ("prior_recip", "cos_full", "cos_title", "bm25",
              "cos_answers_mean", "cos_answers_max"),
        "A": ("position_recip", "by_asker", "cos_q", "cos_q_z", "agreement", "log_words",
              "short", "questions", "thanks", "laugh", "digits", "author_repeats", TEXT_FEATURE),
    }[task]  # fmt: skip
    return {"all": names, "core": core}


# Ablation (answer ranker) -------------------------------------------------------------------
# Groups of answer features, for the ablation table (docs/decisions/0002-search-engine.md).
ANSWER_FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "position": ("position_recip", "position_frac"),
    "asker and dialogue": ("by_asker", "asker_next", "author_repeats"),
    "similarity to the question": ("cos_q", "cos_q_z", "cos_q_rank", "bm25", "overlap"),
    "agreement with the thread": ("agreement", "closest_other"),
    "surface (length, ?, URL, thanks...)": ("log_words", "short", "questions", "ends_question",
                                            "url", "contact", "digits", "thanks", "laugh",
                                            "mention", "exclaim"),
    "n-gram text model": (TEXT_FEATURE,),
}  # fmt: skip
NEW_FEATURES = ("closest_other", "ends_question")  # added in the second round (issue 3 §6)


@dataclass(frozen=True)
class AblationRow:
    label: str
    features: int
    cv: Scores
    dev: Scores


def ablation(
    train: Examples, dev: Examples, config: Config, stacking: Stacking | None = None
) -> list[AblationRow]:
    """The chosen configuration with all its features, then without each group, then without
    each feature added in the second round (the same nested CV as the selection)."""
    rows = []
    removals: list[tuple[str, tuple[str, ...]]] = [("all features", ())]
    removals += [(f"- {name}", group) for name, group in ANSWER_FEATURE_GROUPS.items()]
    removals += [("- both features of the second round", NEW_FEATURES)]
    removals += [(f"- {name}", (name,)) for name in NEW_FEATURES]
    for label, removed in removals:
        features = tuple(f for f in config.features if f not in removed)
        reduced = Config(config.objective, config.l2, features, config.name)
        model = fit(train, reduced)
        cv = cross_validate(train, reduced, stacking)
        rows.append(
            AblationRow(label, len(features), cv, evaluate_scores(dev, model.score(dev.matrix)))
        )
    return rows


# The two tasks ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trained:
    ranker: LinearRanker
    best: Trial
    text_model: TextModel | None = None
    ablation: tuple[AblationRow, ...] = ()


def _metadata(
    task: str, best: Trial, train: Examples, files: Sequence[str], dev: str
) -> dict[str, Any]:
    return {
        "task": task,
        "trained_on": list(files),
        "selected_on": dev,
        "selection": "max of (5-fold CV MAP on TRAIN + DEV MAP) / 2",
        "config": best.config.describe(),
        "cv_train": best.cv.as_dict(),
        "dev": best.dev.as_dict(),
        "folds": FOLDS,
        "seed": SEED,
        "train_queries": len(set(train.groups)),
        "train_candidates": len(train.labels),
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def _describe(task: str, train: Examples, dev: Examples) -> str:
    return (
        f"Subtask {task}: TRAIN {len(set(train.groups))} queries / {len(train.labels)} "
        f"candidates, DEV {len(set(dev.groups))} queries / {len(dev.labels)} candidates"
    )


def train_questions(engine: Engine, log: Callable[[str], None] = print) -> Trained:
    where = data_dir()
    train = question_examples(engine, [q for f in B_TRAIN for q in read_queries(where / f)])
    dev = question_examples(engine, read_queries(where / B_DEV))
    log(_describe("B", train, dev))
    configs = grid(feature_sets("B", train.matrix.names), L2_GRID)
    best, _ = select(train, dev, configs, log)
    ranker = fit(train, best.config, _metadata("B", best, train, B_TRAIN, B_DEV))
    return Trained(ranker, best)


def train_answers(
    engine: Engine, log: Callable[[str], None] = print, *, with_ablation: bool = False
) -> Trained:
    where = data_dir()
    # IDF comes from each file's own comments, as when ranking a file.
    train = Examples.concat([answer_examples(engine, read_threads(where / f)) for f in A_TRAIN])
    dev = answer_examples(engine, read_threads(where / A_DEV))
    log(_describe("A", train, dev))
    log("  fitting the n-gram text model (out-of-fold on TRAIN, nested for CV)...")
    all_rows = np.arange(len(train.labels))
    train = train.with_column(TEXT_FEATURE, out_of_fold_text_scores(train, all_rows))
    text_model = fit_text(train)
    dev = dev.with_column(TEXT_FEATURE, text_model.score(dev.texts))
    stacking = Stacking.nested(train)
    configs = grid(feature_sets("A", train.matrix.names), L2_GRID)
    best, _ = select(train, dev, configs, log, stacking)
    metadata = _metadata("A", best, train, A_TRAIN, A_DEV)
    ranker = fit(train, best.config, metadata)
    text_model = TextModel(
        text_model.vocabulary,
        text_model.weights,
        text_model.bias,
        {"trained_on": list(A_TRAIN), "label": "Good", **TEXT_MODEL_OPTIONS},
    )
    rows = tuple(ablation(train, dev, best.config, stacking)) if with_ablation else ()
    return Trained(ranker, best, text_model, rows)


def run_training(
    task: str,
    output_dir: str | Path | None,
    log: Callable[[str], None],
    *,
    with_ablation: bool = False,
) -> None:
    """What the train_* commands do: train, report, write the model file(s)."""
    from crowdservice.search.engine.embedder import Embedder
    from crowdservice.search.engine.ranker import (
        ANSWER_MODEL,
        ANSWER_TEXT_MODEL,
        QUESTION_MODEL,
        models_dir,
    )
    from crowdservice.search.engine.vectors import TextVectors

    # A batch job: both cores, and no process-wide embedder left behind.
    vectors = TextVectors(lambda: Embedder(threads=2), cache_file=vector_cache())
    engine = Engine(vectors=vectors)
    trained = (
        train_questions(engine, log)
        if task == "B"
        else train_answers(engine, log, with_ablation=with_ablation)
    )
    vectors.save()
    where = Path(output_dir) if output_dir else models_dir()
    where.mkdir(parents=True, exist_ok=True)
    paths = [where / (QUESTION_MODEL if task == "B" else ANSWER_MODEL)]
    trained.ranker.save(paths[0])
    if trained.text_model is not None:
        paths.append(where / ANSWER_TEXT_MODEL)
        trained.text_model.save(paths[1])
    best = trained.best
    log(f"Chosen: {best.config.name} features, {best.config.objective}, l2={best.config.l2:g}")
    for label, scores in (("5-fold CV on TRAIN", best.cv), ("DEV", best.dev)):
        log(f"  {label:<19} MAP {scores.map:.2f}  MRR {scores.mrr:.2f}  P@1 {scores.p_at_1:.2f}")
    for path in paths:
        log(f"Wrote {path} ({path.stat().st_size:,} bytes)")
    if trained.ablation:
        log("Ablation (chosen configuration; 5-fold nested CV on TRAIN | DEV), MAP MRR P@1:")
        for r in trained.ablation:
            log(
                f"  {r.label:<40} {r.features:>3}  CV {r.cv.map:6.2f} {r.cv.mrr:6.2f} "
                f"{r.cv.p_at_1:6.2f} | DEV {r.dev.map:6.2f} {r.dev.mrr:6.2f} {r.dev.p_at_1:6.2f}"
            )
