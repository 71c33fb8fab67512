"""The bundled template files: the product page's 30 templates, each a clean export document.

Every file is exactly ``codec.dump`` output, lays out every node, has nothing wrong with
it but references to workspace data, and does what its description says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.templates.product_page import CATEGORIES, PRODUCT_PAGE
from wfstudio.domain import graph
from wfstudio.domain.codec import dump, load
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.issues import REFERENCE_CODES, TRIGGER_ID, Code
from wfstudio.domain.portability import strip_unknown_references
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services.templates import (
    INDEX_FILE,
    get_template,
    list_templates,
    template_categories,
    templates_dir,
)

FOLDER = templates_dir()
FILES = sorted(path for path in FOLDER.glob("*.json") if path.name != INDEX_FILE)
KEYS = [card.key for card in list_templates()]

# Steps that need workspace data the template cannot guess (channels, users, teams, the
# Google account, the sub-menu workflow): (step id, field) pairs that must be reported.
NEEDS_CHOOSING: dict[str, set[tuple[str, str]]] = {
    "collect-contact-email-with-ai": {("assign", "config.team")},
    "collect-contact-phone-number-with-ai": {("assign", "config.team")},
    "click-to-chat-ads-appointment-scheduling": {("assign", "config.team")},
    "routing-new-and-returning-contacts": {
        ("assign_returning", "config.team"),
        ("assign_new", "config.team"),
    },
    "assignment-sales-and-support-ai-agents": {
        ("to_sales", "config.team"),
        ("to_support", "config.team"),
    },
    "click-to-chat-ads-assignment": {("assign", "config.team")},
    "click-to-chat-ads-share-product-information-route-to-sales": {("assign", "config.team")},
    "issue-escalation": {("finance", "config.team"), ("technical", "config.team")},
    "multi-level-chat-menu-main-menu": {("sub_menu", "config.workflow")},
    "multi-team-routing-multiple-choice-by-contact": {
        ("sales", "config.team"),
        ("support", "config.team"),
        ("billing", "config.team"),
    },
    "multi-team-routing-shifts": {
        ("assign_morning", "config.team"),
        ("assign_afternoon", "config.team"),
        ("assign_night", "config.team"),
    },
    "shift-transfer": {("assign", "config.team")},
    "welcome-message-channel-specific": {
        ("welcome", f"config.channel_messages.{index}.channel") for index in range(3)
    },
    "csat-to-google-sheets": {("sheet", "config.credential")},
    "routing-vip-contacts": {("assign_vip", "config.team")},
}


def _definition(key: str) -> WorkflowDefinition:
    return get_template(key)[1]


def _step(definition: WorkflowDefinition, step_id: str | None) -> Any:
    """The step (typed ``Any`` so tests can index into its JSON config)."""
    step = definition.step(step_id or "")
    assert step is not None, step_id
    return step


def _first(definition: WorkflowDefinition) -> Any:
    assert definition.trigger is not None
    return _step(definition, definition.trigger.next)


def _after(definition: WorkflowDefinition, step: Step, port: str) -> Any:
    return _step(definition, step.next.get(port))


def _kinds_after(definition: WorkflowDefinition, step: Step) -> set[str]:
    return {_step(definition, target).kind for target in step.next.values()}


# --- the folder and the gallery -----------------------------------------------------------


def test_the_gallery_is_the_product_pages_list_in_its_order() -> None:
    cards = list_templates()
    assert [(card.name, card.description) for card in cards] == list(PRODUCT_PAGE)
    assert len({card.key for card in cards}) == 30


def test_every_template_has_one_of_the_nine_categories_and_each_category_is_used() -> None:
    assert template_categories() == CATEGORIES
    used = {card.category for card in list_templates()}
    assert used == set(CATEGORIES)


def test_the_index_lists_every_file_once_and_nothing_else() -> None:
    index = json.loads((FOLDER / INDEX_FILE).read_text(encoding="utf-8"))
    listed = [entry["file"] for entry in index["templates"]]
    assert sorted(listed) == [path.name for path in FILES]
    assert len(set(listed)) == len(listed) == 30


def test_a_card_sums_up_its_template() -> None:
    for card in list_templates():
        definition = _definition(card.key)
        assert definition.trigger is not None
        assert card.trigger_kind == definition.trigger.kind
        assert card.step_count == len(definition.steps) >= 1
        assert set(card.step_kinds) == {step.kind for step in definition.steps}
        assert len(card.step_kinds) == len(set(card.step_kinds))
        assert card.step_kinds[0] == definition.steps[0].kind
        expected = {
            _step(definition, step_id).name for step_id, _ in NEEDS_CHOOSING.get(card.key, ())
        }
        assert expected <= set(card.setup_steps)


# --- each file ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_template_file_round_trips_to_identical_bytes(path: Path) -> None:
    data = path.read_bytes()
    definition = load(data)
    assert dump(definition).encode("utf-8") == data
    assert dump(load(dump(definition))).encode("utf-8") == data


@pytest.mark.parametrize("key", KEYS)
def test_a_template_places_every_node_on_the_canvas_apart(key: str) -> None:
    definition = _definition(key)
    assert set(definition.layout) == {TRIGGER_ID, *definition.step_ids}
    spots = [(round(p.x), round(p.y)) for p in definition.layout.values()]
    assert len(set(spots)) == len(spots)
    assert definition.layout[TRIGGER_ID].y < min(
        definition.layout[step_id].y for step_id in definition.step_ids
    )


@pytest.mark.parametrize("key", KEYS)
def test_a_template_has_only_workspace_reference_issues(key: str) -> None:
    definition = _definition(key)
    issues = validate(definition, WorkspaceRefs())
    assert [issue.message for issue in issues if issue.code not in REFERENCE_CODES] == []
    missing = {
        (issue.step_id, issue.field) for issue in issues if issue.code == Code.MISSING_REFERENCE
    }
    assert NEEDS_CHOOSING.get(key, set()) == missing
    # With no workspace at hand (wfstudio validate FILE) only the choices are missing.
    unknown = validate(definition, WorkspaceRefs.unknown())
    assert {issue.code for issue in unknown} <= {Code.MISSING_REFERENCE}


@pytest.mark.parametrize("key", KEYS)
def test_used_in_an_empty_workspace_only_the_flagged_steps_show_errors(key: str) -> None:
    definition = _definition(key)
    flagged = {
        issue.step_id
        for issue in validate(definition, WorkspaceRefs())
        if issue.code in REFERENCE_CODES
    }
    stripped, _ = strip_unknown_references(definition, WorkspaceRefs())
    # An optional reference (a closing category) just goes; a required one leaves an error.
    assert {issue.step_id for issue in validate(stripped, WorkspaceRefs())} <= flagged


@pytest.mark.parametrize("key", KEYS)
def test_a_template_has_no_loop(key: str) -> None:
    assert graph.loops_inside(_definition(key), workflow_key=key) == []


# --- each does what its description says ---------------------------------------------------


def _round_robin(d: WorkflowDefinition) -> None:
    assign = _first(d)
    assert (assign.kind, assign.config["action"], assign.config["logic"]) == (
        "assign_to",
        "workspace",
        "round_robin",
    )
    assert assign.config["only_online"] is False


def _least_open(d: WorkflowDefinition) -> None:
    assert _first(d).config["logic"] == "least_open"


def _online_only(d: WorkflowDefinition) -> None:
    assign = _first(d)
    assert assign.config["only_online"] is True and assign.config["logic"] == "round_robin"
    assert _after(d, assign, "timeout").kind == "send_message"


def _unassign(d: WorkflowDefinition) -> None:
    assert _first(d).config["action"] == "unassign"


def _away(d: WorkflowDefinition) -> None:
    assert _first(d).kind == "send_message"


def _away_outside_hours(d: WorkflowDefinition) -> None:
    hours = _first(d)
    assert hours.kind == "date_time" and "success" not in hours.next
    assert _after(d, hours, "failure").kind == "send_message"


def _collect(field: str) -> Callable[[WorkflowDefinition], None]:
    def check(d: WorkflowDefinition) -> None:
        gate = _first(d)
        assert gate.config["branches"][0]["rules"][0] == {
            "category": "contact_field",
            "field": field,
            "operator": "not_exists",
            "value": None,
        }
        agent = _after(d, gate, "branch_1")
        assert (agent.kind, agent.config["fields"]) == ("ai_agent", [field])
        for port in ("human_requested", "unable", "failure"):
            assert _after(d, _after(d, agent, port), "success").kind == "assign_to"

    return check


def _ai_assignment(d: WorkflowDefinition) -> None:
    agent = _first(d)
    assert (agent.kind, agent.config["objective"]) == ("ai_agent", "answer_questions")
    assert _after(d, _after(d, agent, "human_requested"), "success").kind == "assign_to"


def _sales_and_support(d: WorkflowDefinition) -> None:
    question = _first(d)
    assert [o["text"] for o in question.config["options"]] == ["Sales", "Support"]
    sales, support = _after(d, question, "option_1"), _after(d, question, "option_2")
    assert sales.kind == support.kind == "ai_agent"
    assert sales.config["instructions"] != support.config["instructions"]
    for agent in (sales, support):
        assignee = _after(d, agent, "human_requested")
        assert (assignee.kind, assignee.config["action"]) == ("assign_to", "team")
    assert sales.next["human_requested"] != support.next["human_requested"]


def _ad(d: WorkflowDefinition) -> None:
    assert d.trigger is not None and d.trigger.kind == "click_to_chat_ad"
    assert "assign_to" in {step.kind for step in d.steps}


def _appointment(d: WorkflowDefinition) -> None:
    _ad(d)
    texts = " ".join(str(step.config.get("text", "")) for step in d.steps)
    assert "https://calendar.example.com/" in texts


def _shortcut(d: WorkflowDefinition) -> None:
    assert d.trigger is not None and d.trigger.kind == "shortcut"
    assert d.trigger.config["name"]


def _spam(d: WorkflowDefinition) -> None:
    _shortcut(d)
    tag = _first(d)
    assert tag.config == {"action": "add", "tags": ["spam"]}
    assert d.steps[-1].kind == "close_conversation"


def _escalation(d: WorkflowDefinition) -> None:
    _shortcut(d)
    assert d.trigger is not None
    form: Any = d.trigger.config["fields"]
    fields = {f["variable"]: f for f in form}
    assert fields["summary"]["required"] is True
    assert fields["team"]["options"] == ["Finance", "Technical Support"]
    assert _first(d).kind == "add_comment" and "$trigger.summary" in _first(d).config["text"]


def _shift_transfer(d: WorkflowDefinition) -> None:
    _shortcut(d)
    assign = _after(d, _first(d), "success")
    assert (assign.config["logic"], assign.config["only_online"]) == ("round_robin", True)


def _returning(d: WorkflowDefinition) -> None:
    gate = _first(d)
    assert gate.config["branches"][0]["rules"][0]["category"] == "tags"
    assert _after(d, gate, "branch_1").kind == _after(d, gate, "else").kind == "send_message"


def _welcome(d: WorkflowDefinition) -> None:
    assert _first(d).kind == "send_message"


def _welcome_and_ask(field: str) -> Callable[[WorkflowDefinition], None]:
    def check(d: WorkflowDefinition) -> None:
        ask = _after(d, _after(d, _first(d), "success"), "branch_1")
        assert (ask.config["question_type"], ask.config["field"]) == (field, field)

    return check


def _main_menu(d: WorkflowDefinition) -> None:
    menu = _after(d, _first(d), "success")
    assert menu.config["question_type"] == "multiple_choice"
    assert _kinds_after(d, menu) == {"send_message", "trigger_workflow"}
    handover = _after(d, menu, "option_4")
    assert _after(d, handover, "success").kind == "assign_to"


def _sub_menu(d: WorkflowDefinition) -> None:
    assert d.trigger is not None and d.trigger.kind == "manual"
    menu = _first(d)
    options = [o["text"] for o in menu.config["options"]]
    back = _after(d, menu, f"option_{options.index('Main menu') + 1}")
    assert back.kind == "ask_question" and "Orders & FAQs" in str(back.config["options"])


def _team_choice(d: WorkflowDefinition) -> None:
    menu = _first(d)
    assert _kinds_after(d, menu) == {"assign_to"}


def _shifts(d: WorkflowDefinition) -> None:
    assert [s.kind for s in d.steps].count("date_time") == 2
    assert [s.config.get("action") for s in d.steps if s.kind == "assign_to"] == ["team"] * 3


def _consent(d: WorkflowDefinition) -> None:
    ask = _after(d, _first(d), "branch_1")
    assert [o["text"] for o in ask.config["options"]] == ["I agree", "I don't agree"]
    assert _after(d, ask, "option_1").kind == "update_contact_tag"
    assert _after(d, _after(d, ask, "option_2"), "success").kind == "close_conversation"


def _chat_menu(d: WorkflowDefinition) -> None:
    menu = _first(d)
    assert menu.config["question_type"] == "multiple_choice"
    assert "jump_to" in {s.kind for s in d.steps} and "assign_to" in {s.kind for s in d.steps}


def _per_channel(d: WorkflowDefinition) -> None:
    assert len(_first(d).config["channel_messages"]) == 3


def _csat(destination: str) -> Callable[[WorkflowDefinition], None]:
    def check(d: WorkflowDefinition) -> None:
        assert d.trigger is not None and d.trigger.kind == "conversation_closed"
        rating = _first(d)
        assert (rating.config["question_type"], rating.config["variable"]) == ("rating", "csat")
        last = d.steps[-1]
        assert last.kind == destination and "$var.csat" in json.dumps(last.config)

    return check


def _vip(d: WorkflowDefinition) -> None:
    lookup = _first(d)
    assert lookup.kind == "http_request"
    mapped = {m["variable"] for m in lookup.config["response_mappings"]}
    gate = _after(d, lookup, "success")
    field = gate.config["branches"][0]["rules"][0]["field"]
    assert field.removeprefix("var.") in mapped


BEHAVIOUR: dict[str, Callable[[WorkflowDefinition], None]] = {
    "collect-contact-email-with-ai": _collect("email"),
    "collect-contact-phone-number-with-ai": _collect("phone"),
    "assignment-ai-agent": _ai_assignment,
    "assignment-least-open-contacts": _least_open,
    "assignment-round-robin": _round_robin,
    "assignment-round-robin-online-only": _online_only,
    "assignment-unassign-after-conversation-closes": _unassign,
    "away-message": _away,
    "away-message-with-business-hours": _away_outside_hours,
    "click-to-chat-ads-appointment-scheduling": _appointment,
    "mark-contact-as-spam": _spam,
    "routing-new-and-returning-contacts": _returning,
    "welcome-message": _welcome,
    "welcome-message-and-ask-for-email": _welcome_and_ask("email"),
    "welcome-message-and-ask-for-phone-number": _welcome_and_ask("phone"),
    "assignment-sales-and-support-ai-agents": _sales_and_support,
    "click-to-chat-ads-assignment": _ad,
    "click-to-chat-ads-share-product-information-route-to-sales": _ad,
    "issue-escalation": _escalation,
    "multi-level-chat-menu-main-menu": _main_menu,
    "multi-level-chat-menu-sub-menu": _sub_menu,
    "multi-team-routing-multiple-choice-by-contact": _team_choice,
    "multi-team-routing-shifts": _shifts,
    "request-consent-privacy": _consent,
    "shift-transfer": _shift_transfer,
    "simple-chat-menu": _chat_menu,
    "welcome-message-channel-specific": _per_channel,
    "csat-to-data-warehouse": _csat("http_request"),
    "csat-to-google-sheets": _csat("add_sheet_row"),
    "routing-vip-contacts": _vip,
}


def test_every_template_has_a_behaviour_check() -> None:
    assert set(BEHAVIOUR) == set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_a_template_does_what_its_description_says(key: str) -> None:
    BEHAVIOUR[key](_definition(key))
