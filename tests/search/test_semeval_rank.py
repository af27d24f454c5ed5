"""`crowdservice semeval_rank` on inputs whose labels were replaced by `?` (like TEST input)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crowdservice.search.semeval import harness
from crowdservice.search.semeval.data import read_queries, read_threads
from crowdservice.search.semeval.metrics import read_run
from crowdservice.search.semeval.training import data_dir

DATA = data_dir()  # CROWDSERVICE_SEMEVAL_DIR or ../shared/bench/semeval2016
B_DEV = DATA / "SemEval2016-Task3-CQA-QL-dev.xml.gz"
A_DEV = DATA / "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.gz"
LABEL = re.compile(r'(RELQ_RELEVANCE2ORGQ|RELC_RELEVANCE2ORGQ|RELC_RELEVANCE2RELQ)="[^"]*"')


def unlabelled_excerpt(source: Path, target: Path, *, element: str, keep: int) -> Path:
    """The first `keep` top-level elements of a file, every label replaced by `?`."""
    text = gzip.decompress(source.read_bytes()).decode("utf-8")
    start = text.index(f"<{element} ")
    end = start
    for _ in range(keep):
        end = text.index(f"</{element}>", end) + len(f"</{element}>")
    excerpt = '<?xml version="1.0" encoding="utf-8"?>\n<xml>\n' + text[start:end] + "\n</xml>\n"
    target.write_text(LABEL.sub(lambda m: f'{m.group(1)}="?"', excerpt), encoding="utf-8")
    return target


def check_run(path: Path, expected_pairs: list[tuple[str, str]]) -> None:
    raw = path.read_text().splitlines()
    assert all(len(line.split("\t")) == 5 for line in raw)
    lines = read_run(path)  # parses ranks, scores and true|false
    assert [(line.qid, line.cid) for line in lines] == expected_pairs  # the input's order
    by_query: dict[str, list[int]] = {}
    for line in lines:
        by_query.setdefault(line.qid, []).append(line.rank)
    for ranks in by_query.values():
        assert sorted(ranks) == list(range(1, len(ranks) + 1))


def test_subtask_b_run_for_unlabelled_input(tmp_path: Path) -> None:
    # 2 original questions: the OrgQuestion element repeats once per related thread.
    source = unlabelled_excerpt(B_DEV, tmp_path / "b.xml", element="OrgQuestion", keep=20)
    queries = read_queries(source)
    assert len(queries) == 2
    assert all(t.label is None for q in queries for t in q.threads)
    assert not harness.load(source, "B").labelled
    output = tmp_path / "b.pred"
    call_command("semeval_rank", "--task", "B", "--input", str(source), "--output", str(output))
    check_run(output, [(q.id, t.id) for q in queries for t in q.threads])


def test_subtask_a_run_for_unlabelled_input(tmp_path: Path) -> None:
    source = unlabelled_excerpt(A_DEV, tmp_path / "a.xml", element="Thread", keep=3)
    threads = read_threads(source)
    assert len(threads) == 3
    assert all(c.label is None for t in threads for c in t.comments)
    output = tmp_path / "a.pred"
    call_command("semeval_rank", "--task", "A", "--input", str(source), "--output", str(output))
    check_run(output, [(t.id, c.id) for t in threads for c in t.comments])


def test_labelled_input_is_scored_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.xml"
    text = gzip.decompress(A_DEV.read_bytes()).decode("utf-8")
    end = text.index("</Thread>", text.index("</Thread>") + 1) + len("</Thread>")
    source.write_text(text[:end] + "\n</xml>\n", encoding="utf-8")  # 2 threads, with the DTD
    call_command(
        "semeval_rank", "--task", "A", "--input", str(source), "--output", str(tmp_path / "r")
    )
    assert "MAP" in capsys.readouterr().out


def test_wrong_subtask_or_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "semeval_rank",
            "--task",
            "A",
            "--input",
            str(tmp_path / "nope.xml"),
            "--output",
            str(tmp_path / "r"),
        )
    with pytest.raises(CommandError, match="subtask B"):
        call_command(
            "semeval_rank", "--task", "B", "--input", str(A_DEV), "--output", str(tmp_path / "r")
        )
