"""Forms of the knowledge-base pages. They only parse input: the actions hold every rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crowdservice.core.web import ActionForm
from crowdservice.knowledge.models import Section, Visibility

REQUIRED = {"aria-required": "true"}


class ArticleForm(ActionForm):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={**REQUIRED, "maxlength": 200, "autocomplete": "off"}),
    )
    section = forms.TypedChoiceField(
        label=_("Section"), coerce=int, empty_value=None, required=False
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        strip=False,
        help_text=_(
            "Markdown: ## headings build the table of contents; images: ![alt](attachment URL)."
        ),
        widget=forms.Textarea(attrs={**REQUIRED, "rows": 18, "spellcheck": "true"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    labels = forms.CharField(
        label=_("Labels"),
        required=False,
        help_text=_("Separated by commas or spaces, for example: mesh, firmware"),
    )
    related = forms.CharField(
        label=_("Related articles"),
        required=False,
        help_text=_("Article numbers, separated by commas."),
    )
    review_by = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label=_("Summary of your change"), required=False, max_length=300)
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sections: Iterable[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", _("Choose a section…")),
            *((s.pk, f"{s.category.name}: {s.name}") for s in sections),
        ]

    def related_ids(self) -> list[int]:
        raw = str(self.cleaned_data.get("related") or "").replace(",", " ").split()
        ids = []
        for item in raw:
            digits = item.lstrip("#")
            if not digits.isdigit():
                self.add_error("related", _("Give related articles by number, like 12, 15."))
                return []
            ids.append(int(digits))
        return ids


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes"
    )
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)


class SuggestionForm(ActionForm):
    text = forms.CharField(
        label=_("What should change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **REQUIRED}),
    )


class TranslationForm(ActionForm):
    title = forms.CharField(label=_("Title"), required=False)
    body = forms.CharField(
        label=_("Body"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 18})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Image or file"))


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
