"""Forms of the moderation pages; they parse input, the actions hold the rules."""

from __future__ import annotations

from django import forms

from crowdservice.core.web import ActionForm
from crowdservice.moderation.models import FlagReason, SanctionKind, WatchedAction


class FlagForm(ActionForm):
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=FlagReason.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class SanctionForm(ActionForm):
    kind = forms.ChoiceField(label="Action", choices=SanctionKind.choices)
    days = forms.IntegerField(
        label="For how many days (silence and suspension)", required=False, min_value=1
    )
    reason = forms.CharField(
        label="Reason (the person reads this)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )


class WatchedWordForm(ActionForm):
    word = forms.CharField(
        label="Word or phrase (* for any ending)", required=False, max_length=100
    )
    action = forms.ChoiceField(label="What happens", choices=WatchedAction.choices)
