"""Validation of article input, shared by the forms and the API."""

from __future__ import annotations

import re
from datetime import date

from crowdservice.knowledge.content import linked_article_ids
from crowdservice.knowledge.models import Article, Section, Status, Visibility

TITLE_MIN, TITLE_MAX = 8, 200
BODY_MIN, BODY_MAX = 20, 100_000
MAX_LABELS = 10
MAX_RELATED = 10
_LABEL = re.compile(r"^[a-z0-9][a-z0-9+#.\-]{0,34}$")


def clean_labels(labels: list[str] | str) -> list[str]:
    if isinstance(labels, str):
        labels = labels.replace(",", " ").split()
    names: list[str] = []
    for raw in labels:
        name = raw.strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def check_title(title: str, errors: dict[str, list[str]]) -> str:
    title = " ".join(title.split())
    if len(title) < TITLE_MIN:
        errors["title"] = [f"Give the article a title of at least {TITLE_MIN} characters."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"Keep the title under {TITLE_MAX} characters."]
    return title


def check_body(body: str, errors: dict[str, list[str]], *, article_id: int | None) -> None:
    if len(body.strip()) < BODY_MIN:
        errors["body"] = [f"Write at least {BODY_MIN} characters."]
        return
    if len(body) > BODY_MAX:
        errors["body"] = [f"Keep the article under {BODY_MAX:,} characters."]
        return
    linked = linked_article_ids(body) - ({article_id} if article_id else set())
    if linked:
        alive = set(
            Article.objects.filter(pk__in=linked)
            .exclude(status=Status.ARCHIVED)
            .values_list("pk", flat=True)
        )
        gone = sorted(linked - alive)
        if gone:
            numbers = ", ".join(str(n) for n in gone)
            errors["body"] = [
                f"The link to article {numbers} points to an article that was archived or "
                "deleted; remove the link or point it to a current article."
            ]


def check_section(section_id: int | None, errors: dict[str, list[str]]) -> Section | None:
    section = Section.objects.filter(pk=section_id).first() if section_id is not None else None
    if section is None:
        errors["section"] = ["Choose the help-center section the article belongs in."]
    return section


def check_visibility(visibility: str, errors: dict[str, list[str]]) -> str:
    if visibility not in Visibility.values:
        errors["visibility"] = ["Choose who may read it: public, signed_in or agents."]
    return visibility


def check_labels(names: list[str], errors: dict[str, list[str]]) -> None:
    if len(names) > MAX_LABELS:
        errors["labels"] = [f"Use at most {MAX_LABELS} labels."]
    elif any(not _LABEL.match(n) for n in names):
        errors["labels"] = [
            "Labels are single words of letters, digits and - + # . (at most 35 characters)."
        ]


def check_related(
    ids: list[int], errors: dict[str, list[str]], *, article_id: int | None
) -> list[Article]:
    ids = [i for i in dict.fromkeys(ids) if i != article_id]
    if len(ids) > MAX_RELATED:
        errors["related"] = [f"Link at most {MAX_RELATED} related articles."]
        return []
    found = list(Article.objects.filter(pk__in=ids).exclude(status=Status.ARCHIVED))
    missing = sorted(set(ids) - {a.pk for a in found})
    if missing:
        errors["related"] = [
            f"Article {', '.join(map(str, missing))} does not exist or was archived; "
            "choose current articles."
        ]
    return found


def check_review_by(review_by: date | None, errors: dict[str, list[str]]) -> None:
    if review_by is not None and review_by.year < 2000:
        errors["review_by"] = ["Give a real review-by date."]
