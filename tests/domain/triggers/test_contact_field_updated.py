from __future__ import annotations

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.contact_field_updated import ContactFieldUpdated

from .helpers import check, fired, trigger, var

SPEC = ContactFieldUpdated()


def updated(field: str) -> FiredEvent:
    return FiredEvent("contact_field_updated", {"field": field})


def test_good_config_has_no_issues() -> None:
    assert check(SPEC, {"field": "email"}) == []


def test_needs_a_field() -> None:
    assert check(SPEC, {}) == [(Code.MISSING_REFERENCE, "config.field")]


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == ["field", "old_value", "new_value"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({"field": "email"})) == "Field email updated"
    assert SPEC.summary(SPEC.parse({})) == "Choose a contact field"


def test_is_fired_by() -> None:
    trig = trigger(SPEC, {"field": "email"})
    assert fired(SPEC, trig, updated("email"))
    assert not fired(SPEC, trig, updated("phone"))
    assert fired(SPEC, trig, FiredEvent("contact_field_updated", {}))
    assert fired(SPEC, trigger(SPEC), updated("phone"))  # unconfigured: conservative


def test_conditions_on_new_value_cannot_rule_out() -> None:
    trig = trigger(SPEC, {"field": "email"}, rules=(var("new_value", "equals", "x"),))
    assert fired(SPEC, trig, updated("email"))
