"""Open Conversation, Close Conversation and Add Comment."""

from __future__ import annotations

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.steps.add_comment import AddComment
from wfstudio.domain.steps.close_conversation import CloseConversation
from wfstudio.domain.steps.open_conversation import OpenConversation

OPEN = OpenConversation()
CLOSE = CloseConversation()
COMMENT = AddComment()


def test_open_has_no_config_and_no_issues() -> None:
    assert OPEN.default_config() == {}
    assert check(OPEN, {}) == []


def test_open_ports_and_fires() -> None:
    assert port_names(OPEN, {}) == ["success"]
    assert OPEN.fires(OPEN.parse({})) == [FiredEvent("conversation_opened", {"source": "workflow"})]


def test_close_good_configs() -> None:
    assert check(CLOSE, {}) == []
    assert check(CLOSE, {"category": "resolved", "summary": "Solved by $assignee.name"}) == []


def test_close_summary_at_most_1000_chars() -> None:
    issues = check(CLOSE, {"summary": "x" * 1001})
    assert found(issues) == {(Code.TOO_LONG, "config.summary")}


def test_close_ports_and_fires() -> None:
    assert port_names(CLOSE, {}) == ["success"]
    assert CLOSE.fires(CLOSE.parse({})) == [
        FiredEvent("conversation_closed", {"source": "workflow"})
    ]


def test_comment_good_config() -> None:
    assert check(COMMENT, {"text": "VIP: $contact.name", "mentions": ["alice"]}) == []


def test_comment_text_required() -> None:
    assert found(check(COMMENT, {"text": ""})) == {(Code.REQUIRED, "config.text")}


def test_comment_at_most_1000_chars() -> None:
    assert check(COMMENT, {"text": "x" * 1000}) == []
    assert found(check(COMMENT, {"text": "x" * 1001})) == {(Code.TOO_LONG, "config.text")}


def test_comment_mention_once() -> None:
    issues = check(COMMENT, {"text": "hi", "mentions": ["alice", "alice"]})
    assert found(issues) == {(Code.DUPLICATE, "config.mentions.1")}


def test_comment_ports_and_fires() -> None:
    assert port_names(COMMENT, {}) == ["success"]
    assert COMMENT.fires(COMMENT.parse({})) == []
