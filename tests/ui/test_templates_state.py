"""The gallery's view data, computed from the real templates."""

from __future__ import annotations

from wfstudio.services import templates
from wfstudio.ui.pages.templates_state import _card, preview_lines


def test_every_template_has_a_card_naming_its_steps() -> None:
    cards = [_card(view) for view in templates.list_templates()]
    assert len(cards) == 30
    round_robin = next(card for card in cards if card.name == "Assignment: Round Robin")
    assert (round_robin.category, round_robin.trigger) == ("Assignment", "Conversation Opened")
    assert round_robin.steps == ["Assign To"]
    assert round_robin.step_label == "1 step"


def test_the_preview_outlines_trigger_steps_and_exits() -> None:
    key = next(
        v.key for v in templates.list_templates() if v.name == "Away Message with Business Hours"
    )
    lines = preview_lines(key)
    assert lines[0].label == "Trigger"
    assert [line.label for line in lines[1:]] == ["Date & Time", "Send a Message"]
    assert "Outside →" in lines[1].exits
