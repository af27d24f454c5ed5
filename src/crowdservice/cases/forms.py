"""Forms of the case pages. They only parse input; the actions hold every rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from crowdservice.cases.actions import AttachmentIn
from crowdservice.cases.models import Priority, Status
from crowdservice.community.models import Space
from crowdservice.core.web import ActionForm

REQUIRED = {"aria-required": "true"}
MARKDOWN_HELP = "Markdown is supported: **bold**, _italic_, `code`, lists and links."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if item]


def attachments_in(files: Iterable[UploadedFile]) -> list[AttachmentIn]:
    return [
        AttachmentIn(
            filename=f.name or "attachment",
            content_type=f.content_type or "",
            data=f.read(),
        )
        for f in files
    ]


class CaseForm(ActionForm):
    space = forms.TypedChoiceField(
        label="Product area", coerce=int, empty_value=None, required=False
    )
    # Named "title" so the deflection suggestions read it as they read the ask form's title.
    title = forms.CharField(
        label="Subject",
        required=False,
        strip=False,
        help_text="A short summary of the problem.",
        widget=forms.TextInput(attrs={**REQUIRED, "maxlength": 200, "autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        strip=False,
        help_text=f"What happened, what you expected and what you tried. {MARKDOWN_HELP}",
        widget=forms.Textarea(attrs={**REQUIRED, "rows": 10}),
    )
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, initial=Priority.NORMAL, required=False
    )
    attachments = MultipleFileField(
        label="Attachments", required=False, help_text="Images, PDFs, text, logs or zip files."
    )

    def __init__(self, *args: Any, spaces: Iterable[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["space"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a product area…"), *((s.pk, s.name) for s in spaces)]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "space_id": data["space"],
            "subject": data["title"],
            "description": data["description"],
            "priority": data["priority"] or Priority.NORMAL,
            "attachments": attachments_in(data["attachments"]),
        }


class ReplyForm(ActionForm):
    body = forms.CharField(
        label="Reply",
        required=False,
        strip=False,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={**REQUIRED, "rows": 6}),
    )
    attachments = MultipleFileField(label="Attachments", required=False)


class AgentReplyForm(ReplyForm):
    internal = forms.BooleanField(
        label="Internal note (never shown to the customer)", required=False
    )
    status = forms.ChoiceField(
        label="Then set status",
        required=False,
        choices=[("", "Leave as it is"), *Status.choices],
    )


class RateForm(ActionForm):
    score = forms.TypedChoiceField(
        label="How satisfied are you with our help?",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )


class PublishForm(ActionForm):
    mode = forms.ChoiceField(
        label="Publish as",
        choices=[
            ("answer", "An answer in the linked community thread"),
            ("question", "A new public question with this answer"),
            ("kb", "A knowledge-base draft (editors review it before it is published)"),
        ],
    )
    title = forms.CharField(label="Question title", required=False, max_length=200)
    question_body = forms.CharField(
        label="Question", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    answer = forms.CharField(
        label="Answer", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )
