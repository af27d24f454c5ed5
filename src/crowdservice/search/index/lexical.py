"""The lexical half of the index: one interface, two backends.

`TantivyIndex` (embedded default) keeps a Tantivy index in a directory beside the SQLite
database; `PostgresIndex` (production) uses PostgreSQL full-text search on the documents' own
table, so every web server shares it. Both take the same cleaned words and return
(SearchDocument pk, score) pairs, best first, among the audiences and kinds asked for.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from crowdservice.search.models import SearchDocument

# Words only: whatever else the user typed (quotes, colons, brackets, operators) is dropped, so
# no input reaches a query parser as syntax.
_WORD = re.compile(r"\w+", re.UNICODE)
# Long bodies add little to relevance and much to index size.
MAX_INDEXED_BODY = 20_000
TITLE_BOOST = 2.0


def kind_code(kind: str) -> int:
    """A stable number for a document kind (Tantivy's fast fields hold numbers)."""
    return zlib.crc32(kind.encode()) & 0x7FFFFFFF


def query_words(terms: Iterable[str]) -> list[str]:
    words: list[str] = []
    for term in terms:
        for word in _WORD.findall(term.lower()):
            if word not in words:
                words.append(word)
    return words


class LexicalIndex(Protocol):
    name: str

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Add or replace these rows (already saved) in the index."""

    def remove(self, pks: Sequence[int]) -> None: ...

    def search(
        self,
        terms: Sequence[str],
        *,
        audiences: Sequence[int],
        kinds: Sequence[str],
        limit: int,
    ) -> list[tuple[int, float]]: ...

    def clear(self) -> None: ...

    def count(self) -> int: ...


class IndexBusy(RuntimeError):
    """Another process holds the index's writer lock; the job that needs it retries later."""


class TantivyIndex:
    """Tantivy in a directory. One writer at a time (a lock file), any number of readers."""

    name = "tantivy"
    WRITER_HEAP = 64_000_000
    LOCK_WAIT_SECONDS = 10.0
    SCHEMA_VERSION = "2"
    # Filters in the query cost more than the search (every document matches "public
    # question"), so the top hits are fetched unfiltered and filtered on their fast fields;
    # only when too many of them are not for this user is the filtered query run.
    OVERFETCH = 4

    def __init__(self, path: Path) -> None:
        import tantivy

        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("pk", stored=True, indexed=True, fast=True)
        builder.add_text_field("kind", tokenizer_name="raw")
        builder.add_integer_field("kind_code", fast=True)
        builder.add_integer_field("audience", indexed=True, fast=True)
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("body", tokenizer_name="en_stem")
        self.schema = builder.build()
        self.path = path
        version = path / "crowdservice-schema"
        if path.exists() and (not version.exists() or version.read_text() != self.SCHEMA_VERSION):
            # An index of another layout: start empty (`rebuild_search_index --if-empty`, which
            # `serve` runs, refills it from the database).
            shutil.rmtree(path)
        path.mkdir(parents=True, exist_ok=True)
        version.write_text(self.SCHEMA_VERSION)
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._write_lock = threading.Lock()
        self.written = False  # by this process, since it started or last cleared

    def _writer(self):  # type: ignore[no-untyped-def]  # tantivy ships no type hints
        deadline = time.monotonic() + self.LOCK_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(heap_size=self.WRITER_HEAP, num_threads=1)
            except ValueError as exc:  # LockBusy: another process is writing
                if time.monotonic() > deadline:
                    raise IndexBusy(f"The search index at {self.path} is locked: {exc}") from exc
                time.sleep(0.05)

    def _write(self, documents: Sequence[SearchDocument], remove: Sequence[int]) -> None:
        with self._write_lock:
            writer = self._writer()
            try:
                for pk in [*remove, *(d.pk for d in documents)]:
                    writer.delete_documents_by_term("pk", pk)
                for d in documents:
                    writer.add_document(
                        self._tantivy.Document(
                            pk=d.pk,
                            kind=d.kind,
                            kind_code=kind_code(d.kind),
                            audience=d.audience,
                            title=d.title,
                            body=d.body[:MAX_INDEXED_BODY],
                        )
                    )
                writer.commit()
                writer.wait_merging_threads()  # releases the writer lock for other processes
                self.written = True
            except BaseException:
                writer.rollback()
                raise
        self.index.reload()

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if documents:
            self._write(documents, ())

    def remove(self, pks: Sequence[int]) -> None:
        if pks:
            self._write((), pks)

    def search(
        self,
        terms: Sequence[str],
        *,
        audiences: Sequence[int],
        kinds: Sequence[str],
        limit: int,
    ) -> list[tuple[int, float]]:
        words = query_words(terms)
        if not words or not audiences or not kinds:
            return []
        tantivy = self._tantivy
        text = self.index.parse_query(
            " ".join(words), ["title", "body"], field_boosts={"title": TITLE_BOOST}
        )
        searcher = self.index.searcher()
        wanted = limit * self.OVERFETCH
        result = searcher.search(text, wanted, count=False)
        addresses = [address for _, address in result.hits]
        allowed = {int(a) for a in audiences}
        codes = {kind_code(k) for k in kinds}
        hits = [
            (pk, float(score))
            for pk, audience, code, (score, _) in zip(
                searcher.fast_field_values("pk", addresses),
                searcher.fast_field_values("audience", addresses),
                searcher.fast_field_values("kind_code", addresses),
                result.hits,
                strict=True,
            )
            if isinstance(pk, int) and audience in allowed and code in codes
        ]
        if len(hits) >= limit or len(result.hits) < wanted:
            return hits[:limit]
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, text),
                (
                    tantivy.Occur.Must,
                    tantivy.Query.term_set_query(self.schema, "audience", list(audiences)),
                ),
                (
                    tantivy.Occur.Must,
                    tantivy.Query.term_set_query(self.schema, "kind", list(kinds)),
                ),
            ]
        )
        result = searcher.search(query, limit, count=False)
        pks = searcher.fast_field_values("pk", [address for _, address in result.hits])
        return [
            (pk, float(score))
            for pk, (score, _) in zip(pks, result.hits, strict=True)
            if isinstance(pk, int)
        ]

    def clear(self) -> None:
        with self._write_lock:
            writer = self._writer()
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            self.written = False
        self.index.reload()

    def count(self) -> int:
        self.index.reload()
        return int(self.index.searcher().num_docs)


class PostgresIndex:
    """PostgreSQL full-text search over `SearchDocument.search_vector` (GIN-indexed)."""

    name = "postgres"
    CONFIG = "english"

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        from django.contrib.postgres.search import SearchVector
        from django.db.models.functions import Left

        if not documents:
            return
        SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).update(
            search_vector=SearchVector("title", weight="A", config=self.CONFIG)
            + SearchVector(Left("body", MAX_INDEXED_BODY), weight="B", config=self.CONFIG)
        )

    def remove(self, pks: Sequence[int]) -> None:
        if pks:
            SearchDocument.objects.filter(pk__in=pks).update(search_vector=None)

    def search(
        self,
        terms: Sequence[str],
        *,
        audiences: Sequence[int],
        kinds: Sequence[str],
        limit: int,
    ) -> list[tuple[int, float]]:
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        words = query_words(terms)
        if not words or not audiences or not kinds:
            return []
        query = SearchQuery(words[0], config=self.CONFIG, search_type="plain")
        for word in words[1:]:
            query = query | SearchQuery(word, config=self.CONFIG, search_type="plain")
        rows = (
            SearchDocument.objects.filter(
                search_vector=query, audience__in=list(audiences), kind__in=list(kinds)
            )
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:limit]
        )
        return [(int(pk), float(rank)) for pk, rank in rows]

    def clear(self) -> None:
        SearchDocument.objects.update(search_vector=None)

    def count(self) -> int:
        return SearchDocument.objects.filter(search_vector__isnull=False).count()
