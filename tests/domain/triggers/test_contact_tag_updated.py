from __future__ import annotations

import pydantic
import pytest

from wfstudio.domain.definition import Condition
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.contact_tag_updated import ContactTagUpdated

from .helpers import check, fired, trigger, var

SPEC = ContactTagUpdated()


def added(tag: str) -> FiredEvent:
    return FiredEvent("contact_tag_updated", {"action": "added", "tag": tag})


def removed(tag: str) -> FiredEvent:
    return FiredEvent("contact_tag_updated", {"action": "removed", "tag": tag})


def tags_rule(operator: str, value: list[str]) -> Condition:
    return Condition.model_validate({"category": "tags", "operator": operator, "value": value})


def test_good_config_has_no_issues() -> None:
    assert check(SPEC, {"action": "removed", "tags": ["vip", "lead"]}) == []


def test_needs_a_tag() -> None:
    assert check(SPEC, {}) == [(Code.MISSING_REFERENCE, "config.tags")]


def test_action_must_be_added_or_removed() -> None:
    assert SPEC.parse({}).action == "added"
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse({"action": "changed", "tags": ["vip"]})


def test_blank_and_repeated_tags() -> None:
    assert check(SPEC, {"tags": ["vip", "", "vip"]}) == [
        (Code.MISSING_REFERENCE, "config.tags.1"),
        (Code.DUPLICATE, "config.tags.2"),
    ]


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == ["tag", "action"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({"tags": ["vip"]})) == "Tag added: vip"
    config = SPEC.parse({"action": "removed", "tags": ["a", "b", "c", "d"]})
    assert SPEC.summary(config) == "Tags removed: a, b, c +1"


def test_fired_by_matching_action_and_tag() -> None:
    trig = trigger(SPEC, {"action": "added", "tags": ["vip", "lead"]})
    assert fired(SPEC, trig, added("vip"))
    assert not fired(SPEC, trig, added("other"))
    assert not fired(SPEC, trig, removed("vip"))
    assert fired(SPEC, trig, FiredEvent("contact_tag_updated", {}))


def test_unconfigured_tags_stay_conservative() -> None:
    assert fired(SPEC, trigger(SPEC, {"action": "added"}), added("vip"))


def test_conditions_on_variables() -> None:
    trig = trigger(SPEC, {"tags": ["vip", "lead"]}, rules=(var("tag", "equals", "lead"),))
    assert not fired(SPEC, trig, added("vip"))
    assert fired(SPEC, trig, added("lead"))


def test_conditions_on_contact_tags_after_the_change() -> None:
    none_vip = trigger(SPEC, {"tags": ["vip"]}, rules=(tags_rule("has_none_of", ["vip"]),))
    assert not fired(SPEC, none_vip, added("vip"))
    all_of = (tags_rule("has_all_of", ["vip", "gold"]),)
    assert not fired(
        SPEC, trigger(SPEC, {"action": "removed", "tags": ["vip"]}, rules=all_of), removed("vip")
    )
    any_of = trigger(SPEC, {"tags": ["vip"]}, rules=(tags_rule("has_any_of", ["vip", "gold"]),))
    assert fired(SPEC, any_of, added("vip"))
    only_vip = (tags_rule("has_any_of", ["vip"]),)
    assert not fired(
        SPEC, trigger(SPEC, {"action": "removed", "tags": ["vip"]}, rules=only_vip), removed("vip")
    )
    # a tag the event says nothing about cannot rule it out
    gold = trigger(SPEC, {"tags": ["vip"]}, rules=(tags_rule("has_none_of", ["gold"]),))
    assert fired(SPEC, gold, added("vip"))
