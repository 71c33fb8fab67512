from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.kinds import FiredEvent, TriggerSpec
from wfstudio.domain.triggers import TRIGGER_SPECS

from .helpers import trigger

PICKER_ORDER = [
    "conversation_opened",
    "conversation_closed",
    "contact_tag_updated",
    "contact_field_updated",
    "shortcut",
    "incoming_webhook",
    "click_to_chat_ad",
    "lifecycle_updated",
    "manual",
]


def test_picker_order() -> None:
    assert [spec.kind for spec in TRIGGER_SPECS] == PICKER_ORDER


@pytest.mark.parametrize("spec", TRIGGER_SPECS, ids=lambda spec: spec.kind)
def test_every_spec_is_described(spec: TriggerSpec[Any]) -> None:
    assert spec.label.strip()
    assert spec.icon.strip() and spec.icon == spec.icon.lower() and " " not in spec.icon
    assert spec.description.strip().endswith(".")
    assert isinstance(spec.summary(spec.parse(spec.default_config())), str)


@pytest.mark.parametrize("spec", TRIGGER_SPECS, ids=lambda spec: spec.kind)
def test_default_config_parses_back(spec: TriggerSpec[Any]) -> None:
    default = spec.default_config()
    assert spec.parse(default).model_dump(mode="json") == default


@pytest.mark.parametrize("spec", TRIGGER_SPECS, ids=lambda spec: spec.kind)
def test_other_kinds_never_fire(spec: TriggerSpec[Any]) -> None:
    trig = trigger(spec)
    config = spec.parse(spec.default_config())
    for other in PICKER_ORDER:
        if other != spec.kind:
            assert not spec.is_fired_by(trig, config, FiredEvent(other, {}))


def test_once_per_contact_allowed_except_manual() -> None:
    allowed = {spec.kind: spec.once_per_contact_allowed for spec in TRIGGER_SPECS}
    assert allowed.pop("manual") is False
    assert all(allowed.values())


def test_unknown_config_keys_are_refused() -> None:
    import pydantic

    for spec in TRIGGER_SPECS:
        with pytest.raises(pydantic.ValidationError):
            spec.parse({"surprise": 1})
