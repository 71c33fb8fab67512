"""The bodies the inbound endpoints take: JSON decoding, the custom channel's message,
the webhook's contact identifier, and dotted-path lookups. Pure: no database.

Every refusal is a :class:`BadRequest` whose message names the first problem found, in
words the sender of the request can act on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import JsonValue

from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.domain.text import TextRefused, check_json_value, excerpt, parse_id, parse_json
from wfstudio.domain.triggers.incoming_webhook import IDENTIFIER_LABELS, IncomingWebhookConfig
from wfstudio.services.errors import Refused

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
MAX_EXTERNAL_ID_CHARS = 200
MAX_NAME_CHARS = 100
MAX_PHONE_CHARS = 32
MAX_EMAIL_CHARS = 254
PHONE = re.compile(r"^\+?[0-9 ()./-]{3,32}$")


class BadRequest(Refused):
    """The body is not what the endpoint takes (HTTP 400); ``message`` says why."""


@dataclass(frozen=True)
class InboundContact:
    """Who wrote, as the channel describes them (validated)."""

    external_id: str
    firstname: str | None = None
    lastname: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class ChannelMessage:
    """A validated inbound message of a custom channel."""

    contact: InboundContact
    text: str
    payload: dict[str, Any] = field(default_factory=dict)


def parse_channel_message(body: object) -> ChannelMessage:
    """Validate a custom channel's message body (see the module docstring).

    Raises:
        BadRequest: with a message naming the first problem found.
    """
    if not isinstance(body, dict):
        raise BadRequest(
            'The body must be a JSON object like {"contact": {"id": "…"}, "text": "…"}.'
        )
    unknown = sorted(set(body) - {"contact", "text", "payload"})
    if unknown:
        raise BadRequest(f"Unknown key(s) in the body: {', '.join(unknown)}.")
    who = body.get("contact")
    if not isinstance(who, dict):
        raise BadRequest('"contact" is required and must be an object with an "id".')
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest('"text" is required and must be a non-empty string.')
    if len(text) > MAX_TEXT_CHARS:
        raise BadRequest(f'"text" is longer than {MAX_TEXT_CHARS} characters.')
    payload = body.get("payload", {})
    if not isinstance(payload, dict):
        raise BadRequest('"payload" must be a JSON object when given.')
    return ChannelMessage(contact=_parse_contact(who), text=text, payload=payload)


def _parse_contact(who: Mapping[str, Any]) -> InboundContact:
    allowed = {"id", "name", "firstname", "lastname", "phone", "email"}
    unknown = sorted(set(who) - allowed)
    if unknown:
        raise BadRequest(f'Unknown key(s) in "contact": {", ".join(unknown)}.')
    raw_id = who.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise BadRequest('"contact.id" is required: the contact\'s id on this channel.')
    external_id = str(raw_id).strip()
    if not external_id or len(external_id) > MAX_EXTERNAL_ID_CHARS:
        raise BadRequest(f'"contact.id" must have 1 to {MAX_EXTERNAL_ID_CHARS} characters.')
    names = {key: _text(who, key, MAX_NAME_CHARS) for key in ("name", "firstname", "lastname")}
    first, last = names["firstname"], names["lastname"]
    if names["name"] and not (first or last):
        first, _, rest = names["name"].partition(" ")
        last = rest.strip() or None
    return InboundContact(
        external_id=external_id,
        firstname=first,
        lastname=last,
        phone=valid_phone(_text(who, "phone", MAX_PHONE_CHARS), '"contact.phone"'),
        email=valid_email(_text(who, "email", MAX_EMAIL_CHARS), '"contact.email"'),
    )


def _text(values: Mapping[str, Any], key: str, limit: int) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f'"contact.{key}" must be a string.')
    value = value.strip()
    if len(value) > limit:
        raise BadRequest(f'"contact.{key}" is longer than {limit} characters.')
    return value or None


def valid_phone(value: str | None, label: str) -> str | None:
    if value is not None and (not PHONE.match(value) or not any(c.isdigit() for c in value)):
        raise BadRequest(f"{label} “{excerpt(value)}” is not a phone number.")
    return value


def valid_email(value: str | None, label: str) -> str | None:
    if value is not None and not fits_field_type("email", value):
        raise BadRequest(f"{label} “{excerpt(value)}” is not an email address.")
    return value.lower() if value is not None else None


def webhook_identifier(document: Mapping[str, Any], config: IncomingWebhookConfig) -> str:
    key, by = config.identifier_key, config.identifier_type
    what = IDENTIFIER_LABELS[by]
    value = lookup(document, key)
    if value is None or isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRequest(f"The body must carry the contact's {what} in “{key}” (text).")
    text = str(value).strip()
    if by == "id":
        if parse_id(text) is None:
            raise BadRequest(
                f"“{key}” must hold a contact id (a whole number), not “{excerpt(text)}”."
            )
        return text
    if by == "email":
        checked = valid_email(text or None, f"“{key}”")
    else:
        checked = valid_phone(text or None, f"“{key}”")
    if checked is None:
        raise BadRequest(f"“{key}” is empty: it must hold the contact's {what}.")
    return checked


def decode_json(body: bytes | str | object) -> object:
    """The JSON value of a raw body (bytes or text); other values are returned as they are
    once checked like a parsed body (:func:`wfstudio.domain.text.check_json_value`).

    Raises:
        BadRequest: the body is too large, not UTF-8, not JSON or beyond the limits of
            :mod:`wfstudio.domain.text`; its message names the field when one is at fault.
    """
    try:
        if not isinstance(body, bytes | str):
            check_json_value(body)
            return body
        try:
            raw = body.encode() if isinstance(body, str) else body
        except UnicodeEncodeError as error:
            raise BadRequest("The body is not UTF-8 text.") from error
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequest(f"The body is larger than {MAX_BODY_BYTES // 1024} KB.")
        if not raw.strip():
            raise BadRequest("The body is empty: send a JSON object.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BadRequest("The body is not UTF-8 text.") from error
        return parse_json(text)
    except TextRefused as refusal:
        raise BadRequest(refusal.sentence()) from refusal


def lookup(document: object, path: str) -> JsonValue:
    """The value at ``path`` in a JSON document: a key, or a dotted path into nested objects
    (``customer.email``; a number indexes a list, ``items.0.sku``). None when missing."""
    if isinstance(document, dict) and path in document:
        return document[path]
    current: object = document
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current  # type: ignore[return-value]
