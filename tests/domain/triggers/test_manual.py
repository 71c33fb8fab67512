from __future__ import annotations

from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.manual import Manual

from .helpers import check, fired, trigger

SPEC = Manual()


def test_no_config_no_variables_no_issues() -> None:
    assert SPEC.default_config() == {}
    assert check(SPEC, {}) == []
    assert SPEC.variables(SPEC.parse({})) == []
    assert SPEC.once_per_contact_allowed is False


def test_fired_by_any_manual_event_the_caller_filters_by_key() -> None:
    trig = trigger(SPEC)
    assert fired(SPEC, trig, FiredEvent("manual", {"workflow": "welcome"}))
    assert fired(SPEC, trig, FiredEvent("manual", {"workflow": "other"}))
    assert not fired(SPEC, trig, FiredEvent("contact_tag_updated", {"action": "added"}))
