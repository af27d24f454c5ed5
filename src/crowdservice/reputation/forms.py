"""Forms of the reputation pages (rules live in the actions)."""

from __future__ import annotations

from django import forms

from crowdservice.core.web import ActionForm


class AdjustForm(ActionForm):
    points = forms.IntegerField(min_value=-10_000, max_value=10_000)
    note = forms.CharField(max_length=200, label="Why")


class AwardForm(ActionForm):
    badge = forms.SlugField(max_length=60)
    note = forms.CharField(max_length=200, label="Why")


class ChampionForm(ActionForm):
    space = forms.IntegerField(min_value=1, max_value=2**63 - 1)
