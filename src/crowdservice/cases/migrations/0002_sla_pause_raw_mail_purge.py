"""The resolution clock pauses while a case is pending the customer; raw inbound mail is purged
after its retention period (the row stays)."""

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def pause_pending_cases(apps, schema_editor):
    # Cases already pending wait on the customer from now on (how long they waited before is
    # not known); those with only the resolution target left show "paused".
    Case = apps.get_model("cases", "Case")
    pending = Case.objects.filter(status="pending", sla_paused_at__isnull=True)
    pending.filter(sla_state__in=["ok", "warning"]).filter(
        Q(first_response_at__isnull=False) | Q(first_response_due__isnull=True)
    ).update(sla_state="paused")
    pending.update(sla_paused_at=timezone.now())


def unpause_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(sla_state="paused").update(sla_state="ok")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_cases_messages_queues_sla_mail'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='sla_paused_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='sla_paused_seconds',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='inboundemail',
            name='raw_purged_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='case',
            name='sla_state',
            field=models.CharField(blank=True, choices=[('', 'No target'), ('ok', 'On track'), ('warning', 'About to breach'), ('breached', 'Breached'), ('paused', 'Paused (pending customer)')], default='', max_length=8),
        ),
        migrations.RunPython(pause_pending_cases, unpause_cases),
    ]
