"""Fill Question.excerpt for questions written before the field existed."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def backfill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # A pure function of the body: safe to import here, unlike models or actions.
    from crowdservice.core.markdown import markdown_to_text

    Question = apps.get_model("community", "Question")
    batch = []
    for question in Question.objects.filter(excerpt="").only("id", "body").iterator():
        question.excerpt = markdown_to_text(question.body, 240)
        batch.append(question)
        if len(batch) >= 500:
            Question.objects.bulk_update(batch, ["excerpt"])
            batch = []
    Question.objects.bulk_update(batch, ["excerpt"])


class Migration(migrations.Migration):
    dependencies = [("community", "0002_question_version_and_excerpt")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
