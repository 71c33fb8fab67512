from __future__ import annotations

import pydantic
import pytest

from wfstudio.domain.definition import Condition
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.conversation_opened import ConversationOpened

from .helpers import check, fired, trigger, var

SPEC = ConversationOpened()
OPENED_BY_WORKFLOW = FiredEvent("conversation_opened", {"source": "workflow"})


def test_good_configs_have_no_issues() -> None:
    assert check(SPEC, {}) == []
    assert check(SPEC, {"sources": ["user", "contact"]}) == []


def test_unknown_source_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse({"sources": ["zapier"]})


def test_repeated_source() -> None:
    assert check(SPEC, {"sources": ["user", "user"]}) == [(Code.DUPLICATE, "config.sources.1")]


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == ["channel", "source"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({})) == "Opened from any source"
    assert SPEC.summary(SPEC.parse({"sources": ["contact", "user"]})) == "Opened by User or Contact"


def test_any_source_is_fired_by_open_conversation_step() -> None:
    assert fired(SPEC, trigger(SPEC), OPENED_BY_WORKFLOW)
    assert fired(SPEC, trigger(SPEC), FiredEvent("conversation_opened", {}))


def test_sources_rule_out_workflow() -> None:
    trig = trigger(SPEC, {"sources": ["contact", "user"]})
    assert not fired(SPEC, trig, OPENED_BY_WORKFLOW)
    assert fired(SPEC, trigger(SPEC, {"sources": ["workflow"]}), OPENED_BY_WORKFLOW)
    # without a known source, stay conservative
    assert fired(SPEC, trig, FiredEvent("conversation_opened", {}))


def test_conditions_rule_out_workflow() -> None:
    assert not fired(
        SPEC, trigger(SPEC, rules=(var("source", "equals", "contact"),)), OPENED_BY_WORKFLOW
    )
    assert not fired(
        SPEC, trigger(SPEC, rules=(var("source", "not_equals", "Workflow"),)), OPENED_BY_WORKFLOW
    )
    assert not fired(
        SPEC,
        trigger(SPEC, rules=(var("source", "has_none_of", ["workflow", "api"]),)),
        OPENED_BY_WORKFLOW,
    )
    on_conversation = Condition(
        category="conversation", field="source", operator="equals", value="user"
    )
    assert not fired(SPEC, trigger(SPEC, rules=(on_conversation,)), OPENED_BY_WORKFLOW)


def test_conditions_that_cannot_rule_out_stay_conservative() -> None:
    on_field = Condition(category="contact_field", field="email", operator="exists")
    assert fired(SPEC, trigger(SPEC, rules=(on_field,)), OPENED_BY_WORKFLOW)
    assert fired(
        SPEC, trigger(SPEC, rules=(var("source", "equals", "workflow"),)), OPENED_BY_WORKFLOW
    )
    assert fired(SPEC, trigger(SPEC, rules=(var("channel", "equals", "wa"),)), OPENED_BY_WORKFLOW)
    # OR: one undecidable rule keeps it possible
    either = (var("source", "equals", "contact"), on_field)
    assert fired(SPEC, trigger(SPEC, rules=either, join="or"), OPENED_BY_WORKFLOW)
    both_false = (var("source", "equals", "contact"), var("source", "equals", "user"))
    assert not fired(SPEC, trigger(SPEC, rules=both_false, join="or"), OPENED_BY_WORKFLOW)
