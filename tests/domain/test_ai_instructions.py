"""The AI Agent's instructions: what the model reads is what "Show AI Instructions" shows."""

from __future__ import annotations

import json

from wfstudio.domain.ai_instructions import AI_STATUSES, build_instructions, collected_field_keys
from wfstudio.domain.steps.ai_agent import AiAgentConfig

COLLECT = AiAgentConfig(
    objective="collect_fields",
    fields=("email", "phone", "company", "email", ""),
    instructions="We are a furniture shop.",
    handover_rules="Hand over when the contact mentions a complaint.",
)
LABELS = {"email": "Email", "phone": "Phone number", "company": "Company name"}


def test_the_text_is_deterministic() -> None:
    first = build_instructions(COLLECT, LABELS, "Acme")
    assert first == build_instructions(COLLECT, dict(reversed(LABELS.items())), "Acme")
    assert first.endswith("\n")


def test_sections_come_in_a_fixed_order() -> None:
    text = build_instructions(COLLECT, LABELS, "Acme")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Objective",
        "## Instructions from the business",
        "## Handover rules",
        "## Reply format",
    ]
    assert text.startswith("You are the AI agent of Acme.")


def test_collect_lists_each_field_once_by_label_with_its_key_and_format() -> None:
    text = build_instructions(COLLECT, LABELS, "Acme", field_types={"company": "text"})
    assert '- Email (key "email"): a valid email address' in text
    assert '- Phone number (key "phone"): international format with the country code' in text
    assert '- Company name (key "company")\n' in text
    assert text.count('(key "email")') == 1
    assert text.index('key "email"') < text.index('key "phone"') < text.index('key "company"')
    assert '("email", "phone", "company")' in text


def test_a_missing_label_falls_back_to_the_key() -> None:
    text = build_instructions(AiAgentConfig(fields=("vip_code",)), {}, "Acme")
    assert '- vip_code (key "vip_code")\n' in text


def test_the_users_instructions_and_rules_are_included_as_written() -> None:
    text = build_instructions(COLLECT, LABELS, "Acme")
    assert "## Instructions from the business\n\nWe are a furniture shop.\n" in text
    assert "Hand over when the contact mentions a complaint." in text
    assert '"human_requested"' in text.split("## Handover rules")[1]


def test_empty_user_text_is_shown_as_none_and_a_blank_name_as_the_business() -> None:
    text = build_instructions(AiAgentConfig(fields=("email",)), LABELS, "  ")
    assert text.startswith("You are the AI agent of the business.")
    assert "## Instructions from the business\n\n(none)\n" in text
    assert "Additional rules from the business:\n(none)\n" in text


def test_answer_questions_asks_for_no_fields_and_can_be_unable() -> None:
    config = AiAgentConfig(
        objective="answer_questions", instructions="Open 9am to 5pm.", fields=("email",)
    )
    text = build_instructions(config, LABELS, "Acme")
    assert "Answer the contact's questions using only the information" in text
    assert 'key "email"' not in text
    assert "- fields: always an empty object {}." in text
    assert "cannot answer a question" in text
    assert collected_field_keys(config) == ()


def test_the_reply_protocol_names_every_status() -> None:
    text = build_instructions(COLLECT, LABELS, "Acme")
    shape = next(line for line in text.splitlines() if line.startswith('{"reply"'))
    for status in AI_STATUSES:
        assert f'"{status}"' in shape
    example = shape.replace('"continue" | "success" | "human_requested" | "unable"', '"x"')
    assert set(json.loads(example)) == {"reply", "status", "fields"}
