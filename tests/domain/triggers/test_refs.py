"""Reference fields are found by the shared walker (validation and import rely on it)."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.refs import WorkspaceRefs, find_refs, strip_unknown_refs
from wfstudio.domain.triggers.click_to_chat_ad import ClickToChatAd
from wfstudio.domain.triggers.contact_field_updated import ContactFieldUpdated
from wfstudio.domain.triggers.contact_tag_updated import ContactTagUpdated
from wfstudio.domain.triggers.conversation_closed import ConversationClosed
from wfstudio.domain.triggers.lifecycle_updated import LifecycleUpdated

from .helpers import check


@pytest.mark.parametrize(
    ("spec", "raw", "expected"),
    [
        (
            ContactTagUpdated(),
            {"tags": ["vip", "lead"]},
            {("tags.0", "tag", "vip"), ("tags.1", "tag", "lead")},
        ),
        (ContactFieldUpdated(), {"field": "email"}, {("field", "field", "email")}),
        (
            ConversationClosed(),
            {"categories": ["spam"]},
            {("categories.0", "closing_category", "spam")},
        ),
        (
            LifecycleUpdated(),
            {"stage_mode": "chosen", "stages": ["lead"]},
            {("stages.0", "lifecycle_stage", "lead")},
        ),
        (ClickToChatAd(), {"channel": "ig"}, {("channel", "channel", "ig")}),
    ],
)
def test_find_refs(spec: Any, raw: dict[str, Any], expected: set[tuple[str, str, str]]) -> None:
    found = {(f.path, f.kind, f.key) for f in find_refs(spec.parse(raw))}
    assert found == expected


def test_import_strips_unknown_tags_and_check_then_complains() -> None:
    spec = ContactTagUpdated()
    config, removed = strip_unknown_refs(spec.parse({"tags": ["gone"]}), WorkspaceRefs())
    assert config.tags == ()
    assert [r.key for r in removed] == ["gone"]
    assert check(spec, config.model_dump()) == [(Code.MISSING_REFERENCE, "config.tags")]
