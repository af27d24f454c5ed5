"""Demo content of later apps: they register a step that `seed_demo` runs after the community.

The knowledge base, for example, registers one that writes and publishes a few help-center
articles (`knowledge/demo.py`); community never imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable

DemoStep = Callable[[], str]  # writes its content through its app's actions; returns a summary

_steps: list[DemoStep] = []


def register_demo_step(step: DemoStep) -> None:
    if step not in _steps:
        _steps.append(step)


def run_demo_steps() -> list[str]:
    return [step() for step in list(_steps)]
