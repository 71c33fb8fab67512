"""The gallery's view data, computed from the real templates."""

from __future__ import annotations

from wfstudio.services import templates
from wfstudio.ui.pages.templates_state import SETUP_NOTE, _card, preview_graph


def test_every_template_has_a_card_naming_its_steps() -> None:
    cards = [_card(view) for view in templates.list_templates()]
    assert len(cards) == 30
    round_robin = next(card for card in cards if card.name == "Assignment: Round Robin")
    assert (round_robin.category, round_robin.trigger) == ("Assignment", "Conversation Opened")
    assert round_robin.steps == ["Assign To"]
    assert round_robin.step_label == "1 step"


def test_the_preview_shows_the_flow_as_the_canvas_does() -> None:
    key = next(
        v.key for v in templates.list_templates() if v.name == "Away Message with Business Hours"
    )
    nodes, edges = preview_graph(key)
    assert nodes[0]["id"] == "trigger" and nodes[0]["data"]["name"] == "Conversation Opened"
    assert [node["data"]["caption"] for node in nodes[1:]] == ["Date & Time", "Send a Message"]
    assert {edge["label"] for edge in edges} >= {"Outside"}
    red = {node["data"]["name"] for node in nodes if node["data"].get("error")}
    assert all(node["data"]["errors"] == SETUP_NOTE for node in nodes if node["data"].get("error"))
    view, _ = templates.get_template(key)
    assert red == {name for name in view.setup_steps if name != "Trigger"} | (
        {"Conversation Opened"} if "Trigger" in view.setup_steps else set()
    )
