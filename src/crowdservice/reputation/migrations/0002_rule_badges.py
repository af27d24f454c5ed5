"""The badges awarded by rules (the catalogue in `reputation/badges.py`, copied here so the
migration never changes with the code)."""

from django.db import migrations

RULES = {
    "first-question": ("Curious", "bronze", "Asked a first question."),
    "first-answer": ("Helper", "bronze", "Posted a first answer."),
    "first-accepted": ("Solver", "bronze", "Had an answer accepted by the asker."),
    "nice-answer": ("Nice answer", "bronze", "An answer upvoted by 5 people."),
    "ten-accepted": ("Problem solver", "silver", "10 answers accepted by their askers."),
    "popular-question": ("Popular question", "silver", "A question upvoted by 10 people."),
    "company-endorsed": ("Company endorsed", "silver", "An answer endorsed by the company."),
    "great-answer": ("Great answer", "gold", "An answer upvoted by 25 people."),
    "fifty-accepted": ("Guru", "gold", "50 answers accepted by their askers."),
    "knowledge-author": ("Knowledge author", "gold", "An answer promoted to the knowledge base."),
}


def add_badges(apps, schema_editor):
    Badge = apps.get_model("reputation", "Badge")
    for slug, (name, tier, description) in RULES.items():
        Badge.objects.update_or_create(
            slug=slug, defaults={"name": name, "tier": tier, "description": description, "rule": slug}
        )


def remove_badges(apps, schema_editor):
    apps.get_model("reputation", "Badge").objects.filter(slug__in=list(RULES)).delete()


class Migration(migrations.Migration):
    dependencies = [("reputation", "0001_ledger_badges_champions_findings")]

    operations = [migrations.RunPython(add_badges, remove_badges)]
