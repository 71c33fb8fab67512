"""The instructions an AI Agent step sends to the model (SPEC §3, "Show AI Instructions").

:func:`build_instructions` writes the system prompt. The same text is sent to the
OpenAI-compatible endpoint and shown by the builder's "Show AI Instructions", so the
builder shows exactly what the model reads. Pure and deterministic: the same config,
labels and workspace name always give byte-identical text (no dates, no set ordering).

Decisions:

* Sections in a fixed order — role, objective, the user's instructions, handover rules,
  reply format — each under a ``##`` heading, so the user can see where their own text
  goes. Empty user text is shown as "(none)" rather than dropping the section, so the
  preview explains why the agent behaves generically.
* Fields are listed in the config's order (duplicates and blanks skipped) by label, with
  the key the model must use in ``fields`` and a format hint for typed fields (a phone
  number with its country code, …). A label missing from ``field_labels`` falls back to
  the key.
* Asking for a human always leads to ``human_requested``, whatever the handover rules
  say: the rules add situations, they cannot remove that one.
* The reply protocol is one JSON object ``{"reply", "status", "fields"}``; the runtime
  (``wfstudio.runtime.ai``) parses it and treats anything else as a technical failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, get_args

from wfstudio.domain.refs import STANDARD_FIELDS, FieldType
from wfstudio.domain.steps.ai_agent import AiAgentConfig

ModelStatus = Literal["continue", "success", "human_requested", "unable"]
"""The statuses the model may answer with (the reply protocol)."""

AI_STATUSES: Final[tuple[ModelStatus, ...]] = get_args(ModelStatus)

FORMAT_HINTS: Final[Mapping[FieldType, str]] = {
    "email": "a valid email address, e.g. name@example.com",
    "phone": "international format with the country code, digits only after a +, e.g. +60112233455",
    "number": "a number, digits only, e.g. 42 or 3.5",
    "date": "a date as YYYY-MM-DD",
    "url": "a web address, e.g. https://example.com",
    "checkbox": "true or false",
}


def collected_field_keys(config: AiAgentConfig) -> tuple[str, ...]:
    """The fields a collect step asks for, in order, without blanks or repeats."""
    if config.objective != "collect_fields":
        return ()
    return tuple(key for key in dict.fromkeys(config.fields) if key)


def build_instructions(
    config: AiAgentConfig,
    field_labels: Mapping[str, str],
    workspace_name: str,
    *,
    field_types: Mapping[str, FieldType] | None = None,
) -> str:
    """The system prompt for one AI Agent step, exactly as sent to the model.

    Args:
        config: the step's configuration.
        field_labels: contact field key → label shown to people (missing keys use the key).
        workspace_name: the business the agent speaks for ("the business" when blank).
        field_types: contact field key → type, for format hints; standard fields are known.

    Returns:
        The instructions text (ends with a newline).
    """
    business = " ".join(workspace_name.split()) or "the business"
    sections = [
        _role(business),
        _objective(config, field_labels, field_types or {}),
        "## Instructions from the business\n\n" + (config.instructions.strip() or "(none)"),
        _handover(config),
        _protocol(config),
    ]
    return "\n\n".join(sections) + "\n"


def _role(business: str) -> str:
    return (
        f"You are the AI agent of {business}. You chat with a contact on a messaging "
        "channel on behalf of the business.\n"
        "Keep every message short, friendly and clear, like a helpful person would write "
        "in a chat. Answer in the language the contact writes in. Never invent facts about "
        "the business, and never ask for passwords, card numbers or other secrets."
    )


def _objective(
    config: AiAgentConfig, labels: Mapping[str, str], types: Mapping[str, FieldType]
) -> str:
    if config.objective == "answer_questions":
        return (
            "## Objective\n\n"
            "Answer the contact's questions using only the information in the "
            "instructions from the business below. When the contact says their questions "
            "are answered, thank them and finish. When the answer is not in that "
            "information, say that you cannot answer it; do not guess."
        )
    lines = []
    for key in collected_field_keys(config):
        hint = FORMAT_HINTS.get(types.get(key) or STANDARD_FIELDS.get(key) or "text")
        label = labels.get(key, "").strip() or key
        lines.append(f'- {label} (key "{key}")' + (f": {hint}" if hint else ""))
    listed = "\n".join(lines) or "- (no fields chosen)"
    return (
        "## Objective\n\n"
        "Collect the following information from the contact, one item at a time, in this "
        "order:\n"
        f"{listed}\n\n"
        "Ask for each item politely. If a reply does not fit the format, explain briefly "
        "and ask again. Take values only from what the contact wrote; never make one up. "
        "When you have every item, thank the contact and confirm what you noted."
    )


def _handover(config: AiAgentConfig) -> str:
    unable = (
        "- When you cannot answer a question from the information you have, use the status "
        '"unable".'
        if config.objective == "answer_questions"
        else "- When the contact refuses or cannot give an item after you asked twice, use "
        'the status "unable".'
    )
    rules = config.handover_rules.strip()
    return (
        "## Handover rules\n\n"
        "- When the contact asks to talk to a person (a human, an agent, a representative, "
        'in any language), tell them someone will be with them shortly and use the status "human_requested".\n'
        f"{unable}\n"
        "Additional rules from the business:\n" + (rules or "(none)")
    )


def _protocol(config: AiAgentConfig) -> str:
    keys = collected_field_keys(config)
    fields_rule = (
        "the values the contact has given so far, by key ("
        + ", ".join(f'"{key}"' for key in keys)
        + "), as text in the format asked for; leave out what you do not have yet"
        if keys
        else "always an empty object {}"
    )
    return (
        "## Reply format\n\n"
        "Answer with one JSON object and nothing else, exactly in this shape:\n"
        '{"reply": "<text for the contact>", "status": "continue" | "success" | '
        '"human_requested" | "unable", "fields": {"<field key>": "<value>"}}\n'
        "- reply: the message sent to the contact, as plain text.\n"
        '- status: "continue" while the conversation goes on; "success" when the objective '
        'is reached; "human_requested" or "unable" as the handover rules say.\n'
        f"- fields: {fields_rule}."
    )
