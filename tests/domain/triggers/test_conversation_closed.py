from __future__ import annotations

import pydantic
import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.conversation_closed import ConversationClosed

from .helpers import check, fired, trigger, var

SPEC = ConversationClosed()
CLOSED_BY_WORKFLOW = FiredEvent("conversation_closed", {"source": "workflow"})


def test_good_configs_have_no_issues() -> None:
    assert check(SPEC, {}) == []
    assert check(SPEC, {"sources": ["user", "auto_close"], "categories": ["resolved"]}) == []


def test_contact_cannot_close() -> None:
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse({"sources": ["contact"]})


def test_repeated_source_and_category() -> None:
    issues = check(SPEC, {"sources": ["api", "api"], "categories": ["spam", "spam"]})
    assert issues == [(Code.DUPLICATE, "config.sources.1"), (Code.DUPLICATE, "config.categories.1")]


def test_blank_category_is_a_missing_reference() -> None:
    assert check(SPEC, {"categories": [""]}) == [(Code.MISSING_REFERENCE, "config.categories.0")]


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == ["category", "summary", "closed_by"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({})) == "Closed by anyone"
    config = SPEC.parse({"sources": ["workflow", "user"], "categories": ["spam"]})
    assert SPEC.summary(config) == "Closed by User or Workflow with category spam"


def test_is_fired_by() -> None:
    assert fired(SPEC, trigger(SPEC), CLOSED_BY_WORKFLOW)
    assert fired(SPEC, trigger(SPEC, {"sources": ["workflow"]}), CLOSED_BY_WORKFLOW)
    assert not fired(SPEC, trigger(SPEC, {"sources": ["user", "api"]}), CLOSED_BY_WORKFLOW)
    # categories cannot rule out an event that does not say its category …
    assert fired(SPEC, trigger(SPEC, {"categories": ["spam"]}), CLOSED_BY_WORKFLOW)
    # … but do when it does
    with_category = FiredEvent("conversation_closed", {"source": "workflow", "category": "sales"})
    assert not fired(SPEC, trigger(SPEC, {"categories": ["spam"]}), with_category)
    assert fired(SPEC, trigger(SPEC, {"categories": ["sales"]}), with_category)
    assert not fired(SPEC, trigger(SPEC, rules=(var("category", "equals", "spam"),)), with_category)
