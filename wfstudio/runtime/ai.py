"""One turn of an AI Agent step: the OpenAI-compatible endpoint or the built-in offline agent.

:func:`converse` takes the conversation so far and returns an :class:`AiTurn`: what to say
to the contact, the step's status and the field values collected in this turn. It keeps
no state of its own: everything it needs is in the arguments, so a turn can be replayed.

Decisions:

* **Endpoint** (SPEC §3): ``POST {base_url}/chat/completions`` with the OpenAI protocol —
  the system message is exactly :func:`~wfstudio.domain.ai_instructions.build_instructions`
  (what "Show AI Instructions" shows), then the conversation as ``user``/``assistant``
  turns (the agent's turns as the plain text the contact saw), ``temperature`` 0 and
  ``response_format`` ``json_object``. No ``Authorization`` header when the key is blank
  (local servers such as Ollama need none). A JSON object wrapped in a Markdown code fence
  is accepted (some providers ignore ``response_format``); anything else that does not
  follow the reply protocol — and any HTTP error or timeout — is ``failure`` with an error.
* **The runtime owns the objective**: field values are kept only for the step's fields,
  email and phone values are normalised with :func:`~wfstudio.domain.answers.check_answer`
  (an invalid one is dropped, not a failure), and a ``success`` while a field is still
  missing becomes ``continue``. ``answer_questions`` never returns fields.
* **Offline agent** (no endpoint): deterministic rules that cover the AI templates.
  It reads every contact line after the agent's last line. For ``collect_fields`` it
  finds email addresses and phone numbers anywhere in the text (emails first, so digits
  in an address are not a phone number), takes the whole reply for other field types
  only right after asking for that field, asks for the next missing field, and succeeds
  with a confirmation once all are collected. After asking for the same field
  :data:`MAX_ASKS` times without getting it, it is ``unable``. A request for a person
  wins over everything (values found in the same message are still returned). For
  ``answer_questions`` it has no knowledge source: a greeting gets a greeting back, any
  other message is ``unable``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

from pydantic import JsonValue

from wfstudio.domain.ai_instructions import AI_STATUSES, collected_field_keys
from wfstudio.domain.answers import check_answer
from wfstudio.domain.refs import STANDARD_FIELDS, FieldType
from wfstudio.domain.steps.ai_agent import AiAgentConfig
from wfstudio.runtime.http import HttpClient

AiStatus = Literal["continue", "success", "human_requested", "unable", "failure"]
MAX_ASKS: Final = 3
"""How often the offline agent asks for one field before it gives up (``unable``)."""

_ANY_DAY: Final = date(2000, 1, 1)  # check_answer needs a date; email and phone ignore it


@dataclass(frozen=True)
class AiEndpoint:
    """An OpenAI-compatible chat-completions endpoint (workspace settings)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 30.0


@dataclass(frozen=True)
class ChatLine:
    """One message of the conversation: from the ``contact`` or from the ``agent``."""

    role: Literal["contact", "agent"]
    text: str


@dataclass(frozen=True)
class AiTurn:
    """The outcome of one turn.

    Attributes:
        reply: the text to send to the contact, or None when there is nothing to send.
        status: ``continue`` (wait for the contact), ``success``, ``human_requested``,
            ``unable`` or ``failure`` (technical error; ``error`` says why).
        fields: field key → value found in this turn, normalised (a model may repeat
            values collected earlier; writing them again changes nothing).
        error: why the turn failed, for the step log; None otherwise.
    """

    reply: str | None
    status: AiStatus
    fields: dict[str, str] = field(default_factory=dict)
    error: str | None = None


async def converse(
    client: HttpClient,
    endpoint: AiEndpoint | None,
    instructions: str,
    config: AiAgentConfig,
    history: Sequence[ChatLine],
    collected: Mapping[str, str],
    *,
    field_types: Mapping[str, FieldType] | None = None,
    field_labels: Mapping[str, str] | None = None,
) -> AiTurn:
    """Play one turn of the agent.

    Args:
        client: the runtime's HTTP client (unused by the offline agent).
        endpoint: the workspace's AI endpoint, or None for the built-in offline agent.
        instructions: the system prompt, from ``build_instructions``.
        config: the step's configuration.
        history: the conversation since the step started, oldest first.
        collected: field values collected by earlier turns of this step.
        field_types: contact field key → type (standard fields are known).
        field_labels: contact field key → label, for the offline agent's questions.

    Returns:
        The turn; never raises for what the endpoint or the contact can do.
    """
    types = {
        key: (field_types or {}).get(key) or STANDARD_FIELDS.get(key) or "text"
        for key in collected_field_keys(config)
    }
    if endpoint is None:
        return offline_turn(config, history, collected, types, field_labels or {})
    return await _endpoint_turn(client, endpoint, instructions, config, history, collected, types)


# --- the OpenAI-compatible endpoint ---------------------------------------------------


async def _endpoint_turn(
    client: HttpClient,
    endpoint: AiEndpoint,
    instructions: str,
    config: AiAgentConfig,
    history: Sequence[ChatLine],
    collected: Mapping[str, str],
    types: Mapping[str, FieldType],
) -> AiTurn:
    messages = [{"role": "system", "content": instructions}]
    messages += [
        {"role": "user" if line.role == "contact" else "assistant", "content": line.text}
        for line in history
    ]
    headers = {"Accept": "application/json"}
    if endpoint.api_key.strip():
        headers["Authorization"] = f"Bearer {endpoint.api_key.strip()}"
    reply = await client.request(
        "POST",
        endpoint.base_url.rstrip("/") + "/chat/completions",
        headers=headers,
        json_body={
            "model": endpoint.model,
            "messages": messages,
            "response_format": {"type": "json_object"},
            "temperature": 0,
        },
        timeout_s=endpoint.timeout_s,
    )
    if reply.error is not None:
        return _failure(f"The AI endpoint did not answer: {reply.error}")
    if not reply.ok:
        return _failure(
            f"The AI endpoint answered HTTP {reply.status}: {_api_error(reply.json, reply.text)}"
        )
    content = _content(reply.json)
    if content is None:
        return _failure("The AI endpoint's answer has no message content.")
    return _read_protocol(content, config, collected, types)


def _failure(error: str) -> AiTurn:
    return AiTurn(reply=None, status="failure", error=error)


def _api_error(body: JsonValue, text: str) -> str:
    """The provider's error message (OpenAI puts it in ``error.message``), else the body."""
    if isinstance(body, dict):
        detail = body.get("error")
        if isinstance(detail, dict) and isinstance(detail.get("message"), str):
            return str(detail["message"])[:300]
        if isinstance(detail, str):
            return detail[:300]
    return " ".join(text.split())[:300] or "(empty body)"


def _content(body: JsonValue) -> str | None:
    if not isinstance(body, dict):
        return None
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, str) else None


_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL | re.IGNORECASE)


def _read_protocol(
    content: str,
    config: AiAgentConfig,
    collected: Mapping[str, str],
    types: Mapping[str, FieldType],
) -> AiTurn:
    text = content.strip()
    fenced = _FENCE.match(text)
    try:
        answer = json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        return _failure(f"The AI model did not answer with JSON: {text[:200]!r}")
    if not isinstance(answer, dict):
        return _failure("The AI model's answer is not a JSON object.")
    reply, values = answer.get("reply"), answer.get("fields", {})
    status: AiStatus | None = next((s for s in AI_STATUSES if s == answer.get("status")), None)
    if status is None:
        return _failure(f"The AI model answered an unknown status: {answer.get('status')!r}.")
    if reply is not None and not isinstance(reply, str):
        return _failure("The AI model's reply is not text.")
    if not isinstance(values, dict):
        return _failure("The AI model's fields are not a JSON object.")
    reply = reply.strip() if reply else None
    if status == "continue" and not reply:
        return _failure("The AI model wants to continue but gave no reply.")
    fields: dict[str, str] = {}
    for key, kind in types.items():
        raw = values.get(key)
        if isinstance(raw, str | int | float) and not isinstance(raw, bool):
            value = _normalise(kind, str(raw))
            if value is not None:
                fields[key] = value
    if status == "success" and any(key not in {**collected, **fields} for key in types):
        status = "continue"  # the objective is all fields, whatever the model believes
    return AiTurn(reply=reply, status=status, fields=fields)


def _normalise(kind: FieldType, value: str) -> str | None:
    if not value.strip():
        return None
    if kind in ("email", "phone"):
        answer = check_answer(kind, value, today=_ANY_DAY)
        return str(answer.value) if answer.valid else None
    return value.strip()


# --- the built-in offline agent -------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9!#$%&*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_EMAIL_ATTEMPT = re.compile(r"\S@|@\S")
_PHONE = re.compile(r"[(+]{0,2}\d[\d\s().\-]{4,}\d")
_HUMAN = re.compile(
    r"\b(?:agent|human|person|representative|operator|staff|someone|somebody"
    r"|customer (?:service|support)|speak (?:to|with)|talk (?:to|with)"
    r"|agente|humano|persona|hablar con|atendente|pessoa|falar com|humain|conseiller"
    r"|parler (?:à|a|avec)|mitarbeiter|mensch|ejen|manusia|cakap dengan|bercakap)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"(?:hi+|hey|hello|hallo|hola|ola|olá|oi|bonjour|salut|ciao|hai|halo|helo|salam"
    r"|assalamualaikum|good (?:morning|afternoon|evening|day)|greetings"
    r"|buen(?:os|as) (?:dias|días|tardes|noches)|bom dia|boa (?:tarde|noite)"
    r"|guten (?:tag|morgen)|selamat (?:pagi|petang|malam))(?: there| all| team)?"
)
_WORD = re.compile(r"[^\W\d_]+")


def offline_turn(
    config: AiAgentConfig,
    history: Sequence[ChatLine],
    collected: Mapping[str, str],
    types: Mapping[str, FieldType],
    labels: Mapping[str, str],
) -> AiTurn:
    """The built-in agent's turn (see the module notes); pure and deterministic."""
    last_agent = max((i for i, line in enumerate(history) if line.role == "agent"), default=-1)
    said = "\n".join(line.text for line in history[last_agent + 1 :] if line.role == "contact")
    greeting = "" if last_agent >= 0 else "Hi! "
    if config.objective == "answer_questions":
        return _answer_turn(said, greeting)
    if not types:  # an unpublishable config; nothing to collect is a reached objective
        return AiTurn(None, "success")
    asked = history[last_agent].text if last_agent >= 0 else ""
    found, bad_email, bad_phone = _find_values(said, collected, types, labels, asked)
    if _HUMAN.search(_EMAIL.sub(" ", said)):
        return AiTurn(
            "Of course, I'll connect you with someone from our team.", "human_requested", found
        )
    have = {**collected, **found}
    missing = [key for key in types if key not in have]
    if not missing:
        noted = [f"{_noun(key, types[key], labels)} ({have[key]})" for key in types]
        return AiTurn(f"Thank you! I've noted your {_join(noted)}.", "success", found)
    ask = _ask(missing[0], types[missing[0]], labels)
    if found:
        return AiTurn(f"Thank you! {ask}", "continue", found)
    asks = sum(1 for line in history if line.role == "agent" and ask in line.text)
    if said and asks >= MAX_ASKS:
        noun = _noun(missing[0], types[missing[0]], labels)
        # No promise of a follow-up: what happens next is the workflow's *unable* branch.
        return AiTurn(f"Sorry, I couldn't get your {noun}.", "unable")
    if bad_email and types[missing[0]] == "email":
        return AiTurn(f"That doesn't look like a complete email address. {ask}", "continue")
    if bad_phone and types[missing[0]] == "phone":
        return AiTurn(
            f"That number seems to be missing its country code or some digits. {ask}", "continue"
        )
    return AiTurn(greeting + ask, "continue")


def _answer_turn(said: str, greeting: str) -> AiTurn:
    if _HUMAN.search(_EMAIL.sub(" ", said)):
        return AiTurn("Of course, I'll connect you with someone from our team.", "human_requested")
    if not said.strip():
        return AiTurn(f"{greeting}How can I help you today?", "continue")
    if _GREETING.fullmatch(" ".join(_WORD.findall(said.casefold()))):
        return AiTurn("Hello! How can I help you today?", "continue")
    return AiTurn("I'm sorry, I can't answer that.", "unable")


def _find_values(
    said: str,
    collected: Mapping[str, str],
    types: Mapping[str, FieldType],
    labels: Mapping[str, str],
    asked: str,
) -> tuple[dict[str, str], bool, bool]:
    """Values for missing fields in ``said``, and whether an email/phone looked mistyped."""
    emails = [_clean_email(m.group()) for m in _EMAIL.finditer(said)]
    valid_emails = [e for e in emails if e is not None]
    rest = _EMAIL.sub(" ", said)
    phones = [check_answer("phone", m.group(), today=_ANY_DAY) for m in _PHONE.finditer(rest)]
    valid_phones = [str(p.value) for p in phones if p.valid]
    found: dict[str, str] = {}
    for key, kind in types.items():
        if key in collected:
            continue
        if kind == "email" and valid_emails:
            found[key] = valid_emails.pop(0)
        elif kind == "phone" and valid_phones:
            found[key] = valid_phones.pop(0)
        elif (
            kind not in ("email", "phone")
            and said.strip()
            and _ask(key, kind, labels) in asked
            and not _HUMAN.search(said)
        ):
            found[key] = said.strip()
    bad_email = not valid_emails and bool(_EMAIL_ATTEMPT.search(said)) and not found
    bad_phone = not valid_phones and any(not p.valid for p in phones) and not found
    return found, bad_email, bad_phone


def _clean_email(candidate: str) -> str | None:
    answer = check_answer("email", candidate.strip(".'\"`"), today=_ANY_DAY)
    return str(answer.value) if answer.valid else None


def _noun(key: str, kind: FieldType, labels: Mapping[str, str]) -> str:
    if key == "email" or (kind == "email" and not labels.get(key, "").strip()):
        return "email address"
    if key == "phone" or (kind == "phone" and not labels.get(key, "").strip()):
        return "phone number"
    return labels.get(key, "").strip() or key.replace("_", " ")


def _ask(key: str, kind: FieldType, labels: Mapping[str, str]) -> str:
    suffix = ", including the country code" if kind == "phone" else ""
    return f"Could you share your {_noun(key, kind, labels)}{suffix}?"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
