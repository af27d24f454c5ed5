"""Forms of the community pages. They only parse input: the actions hold every rule.

Required fields carry `aria-required` rather than `required`, so a browser never blocks a submit
and the person always gets the server's sentence next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms

from crowdservice.community.models import Question, Space
from crowdservice.core.web import ActionForm

MARKDOWN_HELP = (
    "Markdown is supported: **bold**, _italic_, `code`, lists, links and ``` code blocks."
)
REQUIRED = {"aria-required": "true"}


class QuestionForm(ActionForm):
    space = forms.TypedChoiceField(
        label="Space",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The product area your question is about.",
        widget=forms.Select(attrs=REQUIRED),
    )
    title = forms.CharField(
        label="Title",
        required=False,
        strip=False,
        help_text="Be specific, as if you were asking a colleague (at least 15 characters).",
        widget=forms.TextInput(
            attrs={**REQUIRED, "maxlength": 200, "autocomplete": "off", "spellcheck": "true"}
        ),
    )
    body = forms.CharField(
        label="Body",
        required=False,
        strip=False,
        help_text=f"What happened, what you expected and what you tried. {MARKDOWN_HELP}",
        widget=forms.Textarea(attrs={**REQUIRED, "rows": 12, "spellcheck": "true"}),
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        help_text="Up to 5 tags, separated by commas, for example: wifi, router",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def __init__(self, *args: Any, spaces: Iterable[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        space_field = self.fields["space"]
        assert isinstance(space_field, forms.TypedChoiceField)
        space_field.choices = [("", "Choose a space…"), *((s.pk, s.name) for s in spaces)]

    @classmethod
    def initial_for(cls, question: Question, tag_names: Iterable[str]) -> dict[str, Any]:
        return {
            "space": question.space_id,
            "title": question.title,
            "body": question.body,
            "tags": ", ".join(tag_names),
        }

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "space_id": data["space"],
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
        }


class EditQuestionForm(QuestionForm):
    summary = forms.CharField(
        label="Edit summary",
        required=False,
        max_length=300,
        help_text="Optional: what you changed and why.",
    )

    def action_kwargs(self) -> dict[str, Any]:
        return {**super().action_kwargs(), "summary": self.cleaned_data["summary"]}


class AnswerForm(ActionForm):
    body = forms.CharField(
        label="Your answer",
        required=False,
        strip=False,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={**REQUIRED, "rows": 8, "spellcheck": "true"}),
    )


class EditAnswerForm(AnswerForm):
    summary = forms.CharField(
        label="Edit summary",
        required=False,
        max_length=300,
        help_text="Optional: what you changed and why.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Answer"


# "123", "#123", or a link to a question page (any host: people paste what their browser shows).
_QUESTION_NUMBER = re.compile(r"#?(\d{1,12})")
_QUESTION_LINK = re.compile(r"/questions/(\d{1,12})(?:[/?#]|$)")


class DuplicateForm(ActionForm):
    """The original a question duplicates, given as its number or its link."""

    original_id = forms.CharField(
        label="Original question",
        required=False,
        max_length=500,
        help_text="Its number or its link, e.g. 123 or https://…/questions/123/…",
        widget=forms.TextInput(attrs={**REQUIRED, "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_original_id(self) -> int | None:
        raw = self.cleaned_data["original_id"].strip()
        if not raw:
            return None  # the action says what to enter
        match = _QUESTION_NUMBER.fullmatch(raw) or _QUESTION_LINK.search(raw)
        if match is None:
            raise forms.ValidationError(
                "Enter the question's number (like 123) or paste the link to its page."
            )
        return int(match.group(1))
