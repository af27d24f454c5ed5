"""The one search index's rows: every searchable object the providers describe, with its vectors.

The table is the index's source of truth: the lexical backends (Tantivy beside SQLite, or
PostgreSQL full-text search on `search_vector` here) and the in-process vector matrix are built
from it, so every web server reaches the same index through the database.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Audience(models.IntegerChoices):
    """Who may find a document. Providers set it; results are re-checked against the database."""

    PUBLIC = 0, "Everyone"
    MEMBERS = 1, "Signed-in people"
    STAFF = 2, "Agents and other staff"
    MODERATORS = 3, "Moderators (deleted content)"
    NOBODY = 9, "Nobody (the object is gone)"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=20)  # "question", "answer", later "article", "case"
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField()  # plain text, no markup
    url = models.CharField(max_length=500)
    audience = models.PositiveSmallIntegerField(choices=Audience.choices)
    space_id = models.BigIntegerField(null=True, blank=True)
    parent_id = models.BigIntegerField(null=True, blank=True)  # an answer's question
    # Community signals for re-ranking and display.
    votes = models.IntegerField(default=0)
    accepted = models.BooleanField(default=False)
    endorsed = models.BooleanField(default=False)
    tier = models.CharField(max_length=12, blank=True)
    badges = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=list, blank=True)  # a question's best answers, plain text
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # float32 unit vectors (all-MiniLM-L6-v2): of title + body, of the title alone, and one per
    # entry of `answers`. Recomputed only when `content_hash` changes, never for a vote.
    content_hash = models.CharField(max_length=40)
    vector = models.BinaryField()
    title_vector = models.BinaryField()
    answer_vectors = models.BinaryField(default=b"", blank=True)
    # PostgreSQL full-text search (the production backend); unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    indexed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
