"""Writing the index: documents from their sources, vectors computed once per content change.

`index_objects` is the one write path; the event consumer (`index_event`), the rebuild command
and the benchmark all go through it. It is idempotent: indexing the same objects again changes
nothing but `indexed_at`.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crowdservice.core.models import Event
from crowdservice.search.engine.embedder import DIMENSIONS
from crowdservice.search.engine.ranker import default_engine
from crowdservice.search.engine.text import normalize
from crowdservice.search.engine.vectors import TextVectors, from_blob, to_blob
from crowdservice.search.index import ann
from crowdservice.search.index.documents import IndexDocument
from crowdservice.search.index.store import lexical_index, vector_dir, vector_matrix
from crowdservice.search.index.vectors import CLOCK_OVERLAP
from crowdservice.search.models import Audience, SearchDocument
from crowdservice.search.registry import index_sources, source_for

logger = logging.getLogger(__name__)

# A question document carries this many of its best answers (text and vectors) for re-ranking.
MAX_ANSWERS = 3
MAX_ANSWER_CHARS = 1_000
MAX_BODY_CHARS = 50_000
BATCH = 500
UPDATE_FIELDS = [
    "title", "body", "url", "audience", "space_id", "parent_id", "votes", "accepted",
    "endorsed", "tier", "badges", "answers", "created_at", "updated_at", "content_hash",
    "vector", "title_vector", "answer_vectors", "indexed_at",
]  # fmt: skip


def full_text(title: str, body: str) -> str:
    """The text a document's main vector is of: the engine's `CandidateQuestion.text`."""
    return normalize(f"{title}\n{body}".strip())


def content_hash(doc: IndexDocument) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (doc.title, doc.body, *doc.answers):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _trimmed(doc: IndexDocument) -> IndexDocument:
    answers = tuple(a[:MAX_ANSWER_CHARS] for a in doc.answers[:MAX_ANSWERS] if a.strip())
    if len(doc.body) <= MAX_BODY_CHARS and answers == doc.answers:
        return doc
    from dataclasses import replace

    return replace(doc, body=doc.body[:MAX_BODY_CHARS], answers=answers)


def main_text(doc: IndexDocument | SearchDocument, *, with_title: bool) -> str:
    return full_text(doc.title, doc.body) if with_title else normalize(doc.body)


def _memo() -> TextVectors:
    """Vectors by text, shared with the answer ranker (which embeds the same posts) and bounded."""
    return default_engine().vectors


def _encode(texts: list[str]) -> np.ndarray:
    """Vectors of these texts; only those this process has not seen recently are encoded."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return _memo().vectors(texts)


def _remember_stored(
    docs: Sequence[IndexDocument], existing: dict[tuple[str, int], SearchDocument]
) -> None:
    """The stored vectors of the texts a row had, so an unchanged title or answer (an edit of
    the body, a new answer in the thread) is never encoded again, even after a restart."""
    memo = _memo()
    for d in docs:
        old = existing.get((d.kind, d.object_id))
        if old is None or not old.vector:
            continue
        memo.remember([main_text(old, with_title=d.title_in_vector)], from_blob(old.vector))
        memo.remember([normalize(old.title)], from_blob(old.title_vector))
        answers = [normalize(a) for a in old.answers]
        if answers and old.answer_vectors:
            vectors = from_blob(old.answer_vectors)
            if len(vectors) == len(answers):
                memo.remember(answers, vectors)


def build_rows(
    docs: Sequence[IndexDocument], existing: dict[tuple[str, int], SearchDocument]
) -> list[SearchDocument]:
    """Rows for these documents, reusing the stored vectors of any whose text is unchanged."""
    now = timezone.now()
    docs = [_trimmed(d) for d in docs]
    hashes = [content_hash(d) for d in docs]
    stale = [
        i
        for i, (d, h) in enumerate(zip(docs, hashes, strict=True))
        if (old := existing.get((d.kind, d.object_id))) is None or old.content_hash != h
    ]
    _remember_stored([docs[i] for i in stale], existing)
    texts: list[str] = []
    for i in stale:
        d = docs[i]
        texts += [
            main_text(d, with_title=d.title_in_vector),
            normalize(d.title),
            *map(normalize, d.answers),
        ]
    unique = list(dict.fromkeys(texts))
    vector_of = dict(zip(unique, _encode(unique), strict=True))
    rows = []
    stale_set = set(stale)
    for i, (d, h) in enumerate(zip(docs, hashes, strict=True)):
        row = SearchDocument(
            kind=d.kind, object_id=d.object_id, title=d.title[:300], body=d.body, url=d.url,
            audience=int(d.audience), space_id=d.space_id, parent_id=d.parent_id,
            votes=d.votes, accepted=d.accepted, endorsed=d.endorsed, tier=d.tier,
            badges=list(d.badges), answers=list(d.answers), created_at=d.created_at,
            updated_at=d.updated_at, content_hash=h, indexed_at=now,
        )  # fmt: skip
        if i in stale_set:
            row.vector = to_blob(vector_of[main_text(d, with_title=d.title_in_vector)])
            row.title_vector = to_blob(vector_of[normalize(d.title)])
            answers = [vector_of[normalize(a)] for a in d.answers]
            row.answer_vectors = to_blob(np.stack(answers)) if answers else b""
        else:
            old = existing[(d.kind, d.object_id)]
            row.vector, row.title_vector = old.vector, old.title_vector
            row.answer_vectors = old.answer_vectors
        rows.append(row)
    return rows


def index_objects(kind: str, ids: Sequence[int]) -> int:
    """Bring the index up to date for these objects of one kind; returns how many were written."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        written += _index_batch(kind, ids[start : start + BATCH])
    return written


def _index_batch(kind: str, ids: list[int]) -> int:
    docs = source_for(kind).documents(kind, ids)
    existing = {
        (row.kind, row.object_id): row
        for row in SearchDocument.objects.filter(kind=kind, object_id__in=ids)
    }
    rows = build_rows(docs, existing)
    gone = set(ids) - {d.object_id for d in docs}
    # Stamped just before the write (not before the slow embedding), so other processes, which
    # look back a few seconds from the newest stamp they saw, never miss a batch.
    stamp = timezone.now()
    for row in rows:
        row.indexed_at = stamp
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=UPDATE_FIELDS,
            batch_size=200,
        )
        # An object that no longer exists keeps its row, found by nobody: the vector matrices of
        # other processes learn of it the same way they learn of any change.
        SearchDocument.objects.filter(kind=kind, object_id__in=gone).update(
            audience=Audience.NOBODY, indexed_at=stamp
        )
        saved = list(SearchDocument.objects.filter(kind=kind, object_id__in=ids))
        index = lexical_index()
        index.upsert([r for r in saved if r.audience != Audience.NOBODY])
        index.remove([r.pk for r in saved if r.audience == Audience.NOBODY])
    matrix = vector_matrix()
    for r in saved:
        matrix.put(r.pk, r.kind, r.audience, from_blob(r.vector)[0], r.indexed_at)
    return len(rows)


def index_event(event: Event) -> None:
    """Event consumer: index again whatever this event changed (idempotent, safe to retry)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for source in {id(s): s for s in index_sources().values()}.values():
        if event.verb in source.index_verbs:
            for kind, object_id in source.affected(event):
                wanted[kind].add(object_id)
    for kind, ids in wanted.items():
        index_objects(kind, sorted(ids))


def rebuild(kinds: Sequence[str] | None = None, *, clear: bool = False) -> dict[str, int]:
    """Index every object of every (or the given) kind; with `clear`, start from empty."""
    sources = index_sources()
    chosen = list(kinds) if kinds else list(sources)
    if clear:
        reset_index()
    counts = {}
    for kind in chosen:
        counts[kind] = index_objects(kind, list(source_for(kind).all_ids(kind)))
    return counts


def refill_lexical(batch: int = 2_000) -> int:
    """Feed the lexical backend again from the stored rows: no sources read, nothing embedded.

    For a lost or replaced Tantivy directory, or after switching CROWDSERVICE_SEARCH_LEXICAL.
    """
    index = lexical_index()
    index.clear()
    rows = SearchDocument.objects.exclude(audience=Audience.NOBODY).order_by("pk")
    rows = rows.only("pk", "kind", "audience", "title", "body")
    done = 0
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:batch]):
        index.upsert(chunk)
        done += len(chunk)
        last = chunk[-1].pk
    return done


def save_vector_index(*, full: bool = False, threads: int = 1) -> ann.SaveReport | None:
    """Save the nearest-neighbour graph again if rows changed since its last save (None: nothing
    to do, fewer rows than CROWDSERVICE_SEARCH_ANN_MIN_DOCS, or another builder at work)."""
    return ann.update(
        vector_dir(),
        min_rows=settings.CROWDSERVICE_SEARCH_ANN_MIN_DOCS,
        clock_overlap_seconds=CLOCK_OVERLAP.total_seconds(),
        full=full,
        threads=threads,
    )


def reset_index() -> None:
    """Empty the index: its rows, the lexical backend, the saved graph and this process's
    vector matrix."""
    SearchDocument.objects.all().delete()
    lexical_index().clear()
    ann.clear(vector_dir())
    vector_matrix().reset()
