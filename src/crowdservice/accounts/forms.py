"""Forms of the profile and API-token pages; the rules live in accounts.actions."""

from __future__ import annotations

from django import forms

from crowdservice.core.web import ActionForm


class ProfileForm(ActionForm):
    display_name = forms.CharField(
        label="Display name",
        required=False,
        strip=False,
        help_text="Shown on your posts instead of your username. Up to 80 characters.",
        widget=forms.TextInput(attrs={"maxlength": 80, "autocomplete": "name"}),
    )
    bio = forms.CharField(
        label="Bio",
        required=False,
        strip=False,
        help_text="A few words about you, shown on your profile. Up to 2,000 characters.",
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )


class TokenForm(ActionForm):
    name = forms.CharField(
        label="Token name",
        required=False,
        help_text="What the token is for, such as “CRM sync” or “laptop script”.",
        widget=forms.TextInput(attrs={"maxlength": 80, "autocomplete": "off"}),
    )
