"""Reading the SemEval XML files (the shared data set; missing files fail, never skip)."""

from __future__ import annotations

from crowdservice.search.semeval import harness
from crowdservice.search.semeval.data import read_queries, read_threads
from crowdservice.search.semeval.metrics import read_run
from crowdservice.search.semeval.training import A_DEV, A_TRAIN, B_DEV, data_dir


def test_subtask_b_dev_groups_related_threads_by_original_question() -> None:
    queries = read_queries(data_dir() / B_DEV)
    assert len(queries) == 50
    assert all(len(q.threads) == 10 for q in queries)
    assert sum(bool(t.relevant) for q in queries for t in q.threads) == 214
    first = queries[0].threads[0]
    assert (queries[0].id, first.id, first.ranking_order) == ("Q268", "Q268_R4", 4)
    assert first.skip_for_a
    assert len(first.comments) == 10


def test_subtask_a_files_skip_repeated_threads() -> None:
    threads = read_threads(data_dir() / A_DEV)
    assert (len(threads), sum(len(t.comments) for t in threads)) == (244, 2440)
    assert sum(bool(c.relevant) for t in threads for c in t.comments) == 818
    # The full dev file holds the same threads plus repeats flagged for skipping.
    from_full = read_threads(data_dir() / B_DEV)
    assert {t.id for t in from_full} == {t.id for t in threads}
    sizes = [len(read_threads(data_dir() / name)) for name in A_TRAIN]
    assert sizes == [379, 319, 291]


def test_gold_from_xml_equals_the_official_gold_files() -> None:
    for task, xml, gold in (
        ("B", B_DEV, "SemEval2016-Task3-CQA-QL-dev.xml.subtaskB.relevancy"),
        ("A", A_DEV, "SemEval2016-Task3-CQA-QL-dev-subtaskA.xml.subtaskA.relevancy"),
    ):
        ours = harness.gold(harness.load(data_dir() / xml, task))  # type: ignore[arg-type]
        official = read_run(data_dir() / gold)
        assert [(g.qid, g.cid, g.label) for g in ours] == [
            (g.qid, g.cid, g.label) for g in official
        ]
