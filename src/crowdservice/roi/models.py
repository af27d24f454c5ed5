"""Saved ROI scenarios: a named set of inputs, private to its owner unless shared with the team.

Only the inputs are stored (validated, as `inputs.RoiInputs.as_dict()`); the results are
recalculated whenever a scenario is shown, so a fix to the model applies to old scenarios too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Scenario(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roi_scenarios"
    )
    name = models.CharField(max_length=100)
    # Shared scenarios are visible (read-only) to everyone who may use the ROI model.
    shared = models.BooleanField(default=False)
    inputs = models.JSONField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="roi_scenario_name_per_owner")
        ]
        indexes = [models.Index(fields=["shared", "-updated_at"], name="roi_scenario_shared")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roi:scenario", args=[self.pk])
