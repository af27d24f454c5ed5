"""Articles in other languages; readers without a translation see the default language."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.access import require_publisher
from crowdservice.knowledge.actions.validation import check_body, check_title
from crowdservice.knowledge.content import render_article
from crowdservice.knowledge.models import Article, ArticleTranslation


def translation_languages() -> dict[str, str]:
    """Languages an article may be translated into: the site's languages but the default."""
    return {code: str(name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}


@transaction.atomic
def do_save_translation(
    *, actor: User, article: Article, language: str, title: str, body: str
) -> ArticleTranslation:
    """Create or replace the article's translation; it is shown to readers at once, since only
    editors and admins (who also publish) may write translations."""
    require_publisher(actor, "publish translations")
    errors: dict[str, list[str]] = {}
    languages = translation_languages()
    if language not in languages:
        errors["language"] = [f"Translate into one of: {', '.join(sorted(languages))}."]
    title = check_title(title, errors)
    check_body(body, errors, article_id=article.pk)
    if errors:
        raise ValidationFailed(errors)
    number = article.published_revision.number if article.published_revision else 0
    translation, _ = ArticleTranslation.objects.update_or_create(
        article=article,
        language=language,
        defaults={
            "title": title,
            "body": body,
            "body_html": render_article(body),
            "source_revision_number": number,
            "author": actor,
            "updated_at": timezone.now(),
        },
    )
    # Readers' cached renderings are keyed by the update time too.
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    record_event(
        actor=actor, verb="article.translated", target=article, payload={"language": language}
    )
    return translation
