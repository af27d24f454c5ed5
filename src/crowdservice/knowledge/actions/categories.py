"""Help-center structure: categories and their sections (editors and admins)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from crowdservice.accounts.models import User
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.access import require_publisher
from crowdservice.knowledge.models import Category, Section


def _check_name(name: str, errors: dict[str, list[str]]) -> tuple[str, str]:
    name = " ".join(name.split())
    slug = slugify(name)[:60]
    if not 2 <= len(name) <= 80 or not slug:
        errors["name"] = ["Give a name of 2 to 80 characters with at least one letter or digit."]
    return name, slug


@transaction.atomic
def do_create_category(
    *, actor: User, name: str, description: str = "", position: int = 0
) -> Category:
    require_publisher(actor, "change the help center's categories")
    errors: dict[str, list[str]] = {}
    name, slug = _check_name(name, errors)
    if not errors and Category.objects.filter(slug=slug).exists():
        errors["name"] = ["A category with this name exists already."]
    if errors:
        raise ValidationFailed(errors)
    category = Category.objects.create(
        name=name, slug=slug, description=description[:1000], position=position
    )
    record_event(actor=actor, verb="kb_category.created", target=category, payload={"name": name})
    return category


@transaction.atomic
def do_create_section(
    *, actor: User, category_id: int, name: str, description: str = "", position: int = 0
) -> Section:
    require_publisher(actor, "change the help center's sections")
    errors: dict[str, list[str]] = {}
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        errors["category"] = ["Choose the category the section belongs to."]
    name, slug = _check_name(name, errors)
    if not errors and Section.objects.filter(slug=slug).exists():
        errors["name"] = ["A section with this name exists already."]
    if errors:
        raise ValidationFailed(errors)
    assert category is not None
    section = Section.objects.create(
        category=category, name=name, slug=slug, description=description[:1000], position=position
    )
    record_event(actor=actor, verb="kb_section.created", target=section, payload={"name": name})
    return section
