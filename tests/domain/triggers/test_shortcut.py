from __future__ import annotations

from typing import Any

import pydantic
import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.shortcut import MAX_FORM_FIELDS, Shortcut

from .helpers import check, fired, trigger

SPEC = Shortcut()


def form_field(**changes: Any) -> dict[str, Any]:
    return {
        "label": "Order number",
        "type": "text",
        "variable": "order",
        "required": True,
    } | changes


def config(*fields: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"name": "Refund", "fields": list(fields)} | changes


def test_good_config_has_no_issues() -> None:
    good = config(
        form_field(),
        form_field(label="Reason", type="list", variable="reason", options=["Late", "Broken"]),
        form_field(label="When", type="date", variable="when", required=False),
    )
    assert check(SPEC, good) == []
    assert check(SPEC, {"name": "No form"}) == []


def test_needs_a_name() -> None:
    assert check(SPEC, {}) == [(Code.REQUIRED, "config.name")]
    assert check(SPEC, {"name": "   "}) == [(Code.REQUIRED, "config.name")]


def test_name_too_long() -> None:
    assert check(SPEC, {"name": "x" * 101}) == [(Code.TOO_LONG, "config.name")]


def test_needs_an_icon() -> None:
    assert check(SPEC, config(icon="")) == [(Code.REQUIRED, "config.icon")]


def test_description_too_long() -> None:
    assert check(SPEC, config(description="x" * 501)) == [(Code.TOO_LONG, "config.description")]


def test_field_needs_a_label() -> None:
    assert check(SPEC, config(form_field(label=""))) == [(Code.REQUIRED, "config.fields.0.label")]


def test_field_type_must_be_known() -> None:
    for kind in ("text", "list", "checkbox", "number", "date", "time", "phone", "email", "url"):
        SPEC.parse(config(form_field(type=kind)))
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse(config(form_field(type="rating")))


def test_field_needs_a_variable() -> None:
    assert check(SPEC, config(form_field(variable=" "))) == [
        (Code.REQUIRED, "config.fields.0.variable")
    ]


@pytest.mark.parametrize("name", ["order id", "1st", "order-id", "$order", "x" * 65, "trigger.x"])
def test_field_variable_must_be_valid(name: str) -> None:
    assert check(SPEC, config(form_field(variable=name))) == [
        (Code.INVALID_VALUE, "config.fields.0.variable")
    ]


def test_field_variables_must_be_unique() -> None:
    issues = check(SPEC, config(form_field(), form_field(label="Again")))
    assert issues == [(Code.DUPLICATE, "config.fields.1.variable")]


def test_required_flag() -> None:
    assert SPEC.parse({"fields": [{}]}).fields[0].required is False
    assert SPEC.parse(config(form_field(required=True))).fields[0].required is True
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse(config(form_field(required="maybe")))


def test_list_field_needs_options() -> None:
    assert check(SPEC, config(form_field(type="list"))) == [
        (Code.REQUIRED, "config.fields.0.options")
    ]


def test_list_options_blank_or_repeated() -> None:
    field = form_field(type="list", options=["Late", "", "late"])
    assert check(SPEC, config(field)) == [
        (Code.REQUIRED, "config.fields.0.options.1"),
        (Code.DUPLICATE, "config.fields.0.options.2"),
    ]


def test_options_only_on_list_fields() -> None:
    assert check(SPEC, config(form_field(options=["a"]))) == [
        (Code.INVALID_VALUE, "config.fields.0.options")
    ]


def test_too_many_fields() -> None:
    fields = [form_field(variable=f"v{i}") for i in range(MAX_FORM_FIELDS + 1)]
    assert check(SPEC, config(*fields)) == [(Code.TOO_MANY, "config.fields")]


def test_variables_are_the_form_fields() -> None:
    cfg = SPEC.parse(
        config(
            form_field(variable="order"),
            form_field(variable="bad name"),
            form_field(variable="order"),
            form_field(variable="reason"),
        )
    )
    assert SPEC.variables(cfg) == ["order", "reason"]
    assert SPEC.variables(SPEC.parse({})) == []


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse(config(form_field()))) == "Refund · 1 form field"
    assert SPEC.summary(SPEC.parse({})) == "Unnamed shortcut"


def test_no_step_fires_a_shortcut() -> None:
    trig = trigger(SPEC, config())
    assert not fired(SPEC, trig, FiredEvent("manual", {"workflow": "x"}))
    assert fired(SPEC, trig, FiredEvent("shortcut", {}))
