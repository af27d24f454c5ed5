"""Reading SemEval-2016 Task 3 (English, Qatar Living) XML files, plain or gzipped.

Two shapes exist (see /work/shared/bench/semeval2016/README.md):
- full files: `<OrgQuestion ORGQ_ID>` repeated once per related thread (subtask B), and
- subtask A files: bare `<Thread>` elements (also the 2015 files).
`read_threads` reads both; `read_queries` groups a full file's related threads by ORGQ_ID.
Labels may be `?` (test input): they are kept as None.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

GOOD_COMMENT = "Good"
RELEVANT_QUESTION = frozenset({"PerfectMatch", "Relevant"})
KNOWN_QUESTION_LABELS = RELEVANT_QUESTION | {"Irrelevant"}
KNOWN_COMMENT_LABELS = frozenset({"Good", "PotentiallyUseful", "Bad"})


@dataclass(frozen=True)
class Comment:
    id: str
    text: str
    user_id: str
    username: str
    date: str
    label: str | None  # RELC_RELEVANCE2RELQ: Good / PotentiallyUseful / Bad, None if unknown

    @property
    def relevant(self) -> bool | None:
        return None if self.label is None else self.label == GOOD_COMMENT


@dataclass(frozen=True)
class Thread:
    id: str  # RELQ_ID
    subject: str
    body: str
    user_id: str
    username: str
    date: str
    category: str
    comments: tuple[Comment, ...]
    ranking_order: int | None = None  # RELQ_RANKING_ORDER (full files only)
    label: str | None = None  # RELQ_RELEVANCE2ORGQ (full files only)
    skip_for_a: bool = False  # a repeated thread, to be skipped for subtask A

    @property
    def relevant(self) -> bool | None:
        return None if self.label is None else self.label in RELEVANT_QUESTION


@dataclass(frozen=True)
class OrgQuery:
    id: str  # ORGQ_ID
    subject: str
    body: str
    threads: tuple[Thread, ...]  # in file order


def _open_xml(path: Path) -> ET.Element:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        return ET.parse(handle).getroot()  # noqa: S314 - trusted local files, expat guards entities


def _label(value: str | None, known: frozenset[str]) -> str | None:
    if value is None or value == "?":
        return None
    if value not in known:
        raise ValueError(f"Unknown label {value!r}")
    return value


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "") if child is not None else ""


def _thread(element: ET.Element) -> Thread:
    relq = element.find("RelQuestion")
    if relq is None:
        raise ValueError(f"Thread {element.get('THREAD_SEQUENCE')} has no RelQuestion")
    comments = tuple(
        Comment(
            id=c.get("RELC_ID", ""),
            text=_text(c, "RelCText"),
            user_id=c.get("RELC_USERID", ""),
            username=c.get("RELC_USERNAME", ""),
            date=c.get("RELC_DATE", ""),
            label=_label(c.get("RELC_RELEVANCE2RELQ"), KNOWN_COMMENT_LABELS),
        )
        for c in element.findall("RelComment")
    )
    order = relq.get("RELQ_RANKING_ORDER")
    return Thread(
        id=relq.get("RELQ_ID", ""),
        subject=_text(relq, "RelQSubject"),
        body=_text(relq, "RelQBody"),
        user_id=relq.get("RELQ_USERID", ""),
        username=relq.get("RELQ_USERNAME", ""),
        date=relq.get("RELQ_DATE", ""),
        category=relq.get("RELQ_CATEGORY", ""),
        comments=comments,
        ranking_order=int(order) if order not in (None, "", "?") else None,
        label=_label(relq.get("RELQ_RELEVANCE2ORGQ"), KNOWN_QUESTION_LABELS),
        skip_for_a=element.get("SubtaskA_Skip_Because_Same_As_RelQuestion_ID") is not None,
    )


def read_threads(path: Path | str, *, skip_repeated: bool = True) -> list[Thread]:
    """The subtask A threads of any file, in file order (repeated threads skipped by default)."""
    root = _open_xml(Path(path))
    threads = [_thread(t) for t in root.iter("Thread")]
    return [t for t in threads if not (skip_repeated and t.skip_for_a)]


def read_queries(path: Path | str) -> list[OrgQuery]:
    """The subtask B queries of a full file, each with its related threads, in file order."""
    root = _open_xml(Path(path))
    queries: dict[str, OrgQuery] = {}
    for org in root.iter("OrgQuestion"):
        qid = org.get("ORGQ_ID", "")
        thread = org.find("Thread")
        if thread is None:
            continue
        current = queries.get(qid)
        threads = (current.threads if current else ()) + (_thread(thread),)
        queries[qid] = OrgQuery(
            id=qid,
            subject=_text(org, "OrgQSubject"),
            body=_text(org, "OrgQBody"),
            threads=threads,
        )
    if not queries:
        raise ValueError(f"{path} has no OrgQuestion: is it a subtask A file?")
    return list(queries.values())
