"""Helpers shared by the codec tests: a small valid document and refusal lines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from wfstudio.domain.codec import HEADLINE, ImportRefused, load

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def document(**changes: Any) -> dict[str, Any]:
    """A small valid document: a manual trigger and one Send a Message step."""
    doc: dict[str, Any] = {
        "format": "wfstudio.workflow",
        "format_version": 1,
        "name": "Welcome",
        "trigger": {"kind": "manual", "next": "a"},
        "steps": [{"id": "a", "kind": "send_message", "name": "Hi", "config": {"text": "Hi!"}}],
    }
    doc.update(changes)
    return doc


def send(step_id: str, **config: Any) -> dict[str, Any]:
    return {"id": step_id, "kind": "send_message", "name": step_id, "config": config}


def refusal(data: str | bytes | dict[str, Any]) -> list[str]:
    """The problem lines of a refused load (fails the test when it loads)."""
    text = json.dumps(data) if isinstance(data, dict) else data
    with pytest.raises(ImportRefused) as caught:
        load(text)
    assert str(caught.value) == "\n".join([HEADLINE, *caught.value.problems])
    return caught.value.problems
