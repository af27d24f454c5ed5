"""Forms of the ROI pages. They only carry text; `inputs.check_inputs` and the actions hold
every rule, and their field messages land next to the fields (`ActionForm`)."""

from __future__ import annotations

from typing import Any

from django import forms

from crowdservice.core.web import ActionForm
from crowdservice.roi.actions import MAX_NAME, SENSITIVITY_CHOICES
from crowdservice.roi.inputs import SPECS, Unit

UNIT_SUFFIX = {Unit.PERCENT: "%", Unit.MINUTES: "min", Unit.MONEY: "", Unit.COUNT: ""}


class InputsForm(ActionForm):
    """Every model input as text (so "3,000" or "25 %" are understood), plus the sensitivity."""

    sensitivity_percent = forms.TypedChoiceField(
        label="Sensitivity: move each input by",
        choices=[(f"{c:g}", f"± {c:g}%") for c in SENSITIVITY_CHOICES],
        required=False,
        initial="20",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in SPECS:
            self.fields[spec.name] = forms.CharField(
                label=spec.label,
                required=False,
                help_text=spec.help,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "aria-describedby": f"id_{spec.name}_helptext id_{spec.name}_source",
                        "data-unit": UNIT_SUFFIX[spec.unit],
                    }
                ),
            )


class SaveForm(ActionForm):
    name = forms.CharField(
        label="Scenario name",
        max_length=MAX_NAME * 2,  # the action says when it is too long, in a sentence
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    shared = forms.BooleanField(label="Share with the support team (read-only)", required=False)
