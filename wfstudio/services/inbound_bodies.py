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

from wfstudio.domain.steps._shared import is_web_url
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.domain.text import (
    TextRefused,
    check_json_value,
    excerpt,
    flaw,
    parse_id,
    parse_json,
)
from wfstudio.domain.triggers.click_to_chat_ad import AD_SOURCES, MAX_AD_ID_CHARS
from wfstudio.domain.triggers.incoming_webhook import IDENTIFIER_LABELS, IncomingWebhookConfig
from wfstudio.runtime.events import AdReferral
from wfstudio.services.errors import Refused

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 10_000
MAX_EXTERNAL_ID_CHARS = 200
MAX_NAME_CHARS = 100
MAX_PHONE_CHARS = 32
MAX_EMAIL_CHARS = 254
PHONE = re.compile(r"^\+?[0-9 ()./-]{3,32}$")
MAX_HEADLINE_CHARS = 300
MAX_SOURCE_URL_CHARS = 2000
MAX_REF_CHARS = 250
REFERRAL_SOURCES = ("ad", "post")  # Meta's source_type: an ad, or a post boosted as one


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
    referral: AdReferral | None = None


def parse_channel_message(body: object) -> ChannelMessage:
    """Validate a custom channel's message body (see the module docstring).

    Raises:
        BadRequest: with a message naming the first problem found.
    """
    if not isinstance(body, dict):
        raise BadRequest(
            'The body must be a JSON object like {"contact": {"id": "…"}, "text": "…"}.'
        )
    unknown = sorted(set(body) - {"contact", "text", "payload", "referral"})
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
    contact = _parse_contact(who)
    referral = body.get("referral")
    if referral is not None and not isinstance(referral, dict):
        raise BadRequest('"referral" must be a JSON object when given.')
    return ChannelMessage(
        contact=contact,
        text=text,
        payload=payload,
        referral=parse_referral(referral, '"referral') if referral is not None else None,
    )


def parse_referral(values: Mapping[str, Any], label: str = '"referral') -> AdReferral:
    """The ad a message came from, from ``{"source": "ad", "ad_id": …, "ad_source": …,
    "headline": …, "source_url": …, "ref": …}`` (every key optional; ``source`` is "ad" or
    "post", a post boosted as an ad). ``label`` starts the field names in messages
    (``"referral`` gives ``"referral.ad_id"``).

    Raises:
        BadRequest: an unknown key, a value of the wrong type, too long, unstorable text
            (NUL, a lone surrogate), an unknown platform or a ``source_url`` that is not
            an http(s) URL; the message names the field.
    """
    keys = {"source", "ad_id", "ad_source", "headline", "source_url", "ref"}
    unknown = sorted(set(values) - keys)
    if unknown:
        raise BadRequest(f'Unknown key(s) in {label}": {", ".join(unknown)}.')
    source = _referral_text(values, "source", 10, label) or "ad"
    if source not in REFERRAL_SOURCES:
        raise BadRequest(f'{label}.source" must be "ad" or "post", not “{excerpt(source)}”.')
    raw_id = values.get("ad_id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)  # platforms' ad ids are numbers
    if raw_id is not None and not isinstance(raw_id, str):
        raise BadRequest(f'{label}.ad_id" must be a string or a whole number.')
    ad_id = _referral_text({"ad_id": raw_id}, "ad_id", MAX_AD_ID_CHARS, label)
    ad_source = _referral_text(values, "ad_source", 20, label)
    if ad_source is not None and ad_source.lower() not in AD_SOURCES:
        raise BadRequest(
            f'{label}.ad_source" must be one of {", ".join(AD_SOURCES)}, '
            f"not “{excerpt(ad_source)}”."
        )
    source_url = _referral_text(values, "source_url", MAX_SOURCE_URL_CHARS, label)
    if source_url is not None and not is_web_url(source_url):
        raise BadRequest(f'{label}.source_url" “{excerpt(source_url)}” is not an http(s) URL.')
    return AdReferral(
        ad_id=ad_id or "",
        ad_source=ad_source.lower() if ad_source is not None else None,
        headline=_referral_text(values, "headline", MAX_HEADLINE_CHARS, label),
        source_url=source_url,
        ref=_referral_text(values, "ref", MAX_REF_CHARS, label),
    )


def _referral_text(values: Mapping[str, Any], key: str, limit: int, label: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    name = f'{label}.{key}"'
    if not isinstance(value, str):
        raise BadRequest(f"{name} must be a string.")
    problem = flaw(value)
    if problem is not None:
        raise BadRequest(f"{name} {problem}.")
    value = value.strip()
    if len(value) > limit:
        raise BadRequest(f"{name} is longer than {limit} characters.")
    return value or None


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
