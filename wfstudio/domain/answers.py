"""Validation of the replies to an Ask a Question step (SPEC §3, step-details §3.2).

:func:`check_answer` says whether a reply fits the question type and gives the value to
save (to a contact field, a variable or, for multiple choice, a tag). Pure: ``today``
arrives as an argument.

Decisions where the product leaves it open:

- Every type refuses an empty or blank reply. Surrounding spaces are ignored everywhere.
- **text**: any non-blank text; the value is the reply without surrounding spaces.
- **multiple_choice**: the reply matches an option ignoring case and repeated spaces
  (``"  option  a "`` → ``"Option A"``), or is its 1-based number (``"2"``, ``"2."``,
  ``"2)"``). An exact option text wins over a number, so an option called ``"10"`` can be
  picked by typing 10. The value is the option text as configured; ``option_index`` is
  0-based (port ``option_{index + 1}``).
- **number**: ``42``, ``-3.5``, ``+7``, ``.5``, ``1e3`` and thousands grouped with commas
  (``1,234.5``). A comma as decimal mark (``1,5``) and spaces inside are refused rather
  than guessed. The value is an ``int`` when written without a decimal point or exponent,
  else a ``float``; ``minimum`` and ``maximum`` are inclusive. NaN and infinities are
  refused.
- **date**: the 11 formats of :mod:`wfstudio.domain.dates`; the value is ISO ``YYYY-MM-DD``.
- **phone**: a country code plus the number: digits with optional spaces, dashes, dots
  and parentheses, an optional leading ``+`` (or ``00``, the international prefix).
  8–15 digits, the first not 0 (a leading 0 is a national trunk prefix, i.e. no country
  code). The value is ``+`` and the digits (E.164): ``"+60 11-2233 455"`` → ``+60112233455``.
- **email**: ``local@domain.tld`` with common local-part characters, no leading, trailing
  or doubled dots, a domain of letter/digit/hyphen labels and an alphabetic TLD; ≤ 254
  characters. The domain is lower-cased, the local part kept as typed.
- **url**: http or https with a host that is a domain with a TLD (international names
  allowed), an IPv4 address or ``localhost``; no user name or password, no spaces. A
  reply without a scheme (``example.com/menu``) is read as https; any other scheme
  (``ftp:``, ``mailto:``) is refused. The scheme and host are lower-cased.
- **rating**: ``1``–``5``, optionally followed by ``/5`` or ``star(s)``, or 1–5 stars
  (``★★★``, ``⭐⭐⭐``; empty stars ``☆`` after them are ignored). The value is an int.
- **location**: two decimal numbers separated by a comma, with or without parentheses.
  The docs call the pair "(longitude, latitude)" but their own example
  ``(3.1545313, 101.7151839)`` (Kuala Lumpur) is latitude first, so the pair is read as
  latitude, longitude; when the first number cannot be a latitude (|x| > 90) but the
  second can, the pair is read the other way round. The value is
  ``"(latitude, longitude)"``, in the example's order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, get_args
from urllib.parse import urlsplit, urlunsplit

from pydantic import JsonValue

from wfstudio.domain.dates import parse_date

QuestionType = Literal[
    "text",
    "multiple_choice",
    "number",
    "date",
    "phone",
    "email",
    "url",
    "rating",
    "location",
]
"""The question types of Ask a Question (its config's ``question_type``)."""

QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)


@dataclass(frozen=True)
class Answer:
    """The verdict on one reply: ``valid``, the normalised ``value`` and, if not, why."""

    valid: bool
    value: JsonValue = None
    option_index: int | None = None
    reason: str = ""

    @property
    def option_number(self) -> int | None:
        """The 1-based number of the chosen option (multiple choice), as in ``option_1``."""
        return None if self.option_index is None else self.option_index + 1


def _invalid(reason: str) -> Answer:
    return Answer(valid=False, reason=reason)


def check_answer(
    kind: QuestionType,
    text: str,
    *,
    options: Sequence[str] = (),
    minimum: float | None = None,
    maximum: float | None = None,
    today: date,
) -> Answer:
    """Check a reply against its question type and normalise it.

    Args:
        kind: the question type.
        text: the contact's reply.
        options: the choices of a multiple-choice question, in order.
        minimum: the smallest number accepted (number questions), inclusive.
        maximum: the largest number accepted (number questions), inclusive.
        today: the current date in the workspace timezone (for dates like ``MM/DD``).

    Returns:
        An :class:`Answer`; it never raises for any reply text.

    Raises:
        ValueError: ``kind`` is not a question type (a programming error).
    """
    if kind not in QUESTION_TYPES:
        raise ValueError(f"unknown question type: {kind!r}")
    reply = text.strip() if isinstance(text, str) else ""
    if not reply:
        return _invalid("The reply is empty.")
    if kind == "text":
        return Answer(valid=True, value=reply)
    if kind == "multiple_choice":
        return _choice(reply, options)
    if kind == "number":
        return _number(reply, minimum, maximum)
    if kind == "date":
        day = parse_date(reply, today)
        if day is None:
            return _invalid("Not a date in an accepted format.")
        return Answer(valid=True, value=day.isoformat())
    if kind == "phone":
        return _phone(reply)
    if kind == "email":
        return _email(reply)
    if kind == "url":
        return _url(reply)
    if kind == "rating":
        return _rating(reply)
    return _location(reply)


RETRY_PROMPTS: dict[str, str] = {
    "text": "Please reply with some text.",
    "multiple_choice": "Please choose one of the options.",
    "number": "Please reply with a number.",
    "date": "Please reply with a date, for example 12/31/2026.",
    "phone": "Please reply with a phone number including the country code.",
    "email": "Please reply with a valid email address.",
    "url": "Please reply with a valid website address.",
    "rating": "Please reply with a rating from 1 to 5.",
    "location": "Please share a location, for example (3.1545313, 101.7151839).",
}
"""The built-in sentences that ask again after an invalid reply, by question type."""


def retry_prompt(kind: str, *, minimum: float | None = None, maximum: float | None = None) -> str:
    """The built-in sentence asking again after an invalid reply (used when the step has
    no invalid-reply message of its own). A number question names its range, so a reply
    outside it is told what would do: "Please reply with a number between 1 and 10.",
    "… of at least 1.", "… of at most 10." (an unknown kind gets the text sentence)."""
    if kind != "number" or (minimum is None and maximum is None):
        return RETRY_PROMPTS.get(kind, RETRY_PROMPTS["text"])
    if minimum is not None and maximum is not None:
        if minimum == maximum:
            return f"Please reply with the number {_shown(minimum)}."
        return f"Please reply with a number between {_shown(minimum)} and {_shown(maximum)}."
    if maximum is None:
        return f"Please reply with a number of at least {_shown(minimum or 0)}."
    return f"Please reply with a number of at most {_shown(maximum)}."


def _shown(number: float) -> str:
    """A bound as a person writes it: ``10``, ``2.5``, ``1,000,000``, ``0.0001`` (no
    exponent, no trailing zeros; commas group thousands, which replies may use too)."""
    if not math.isfinite(number):
        return str(number)
    text = format(Decimal(repr(float(number))), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


_OPTION_NUMBER = re.compile(r"^([0-9]{1,2})\s*[.)]?$")


def _choice(reply: str, options: Sequence[str]) -> Answer:
    wanted = _squash(reply)
    for index, option in enumerate(options):
        if _squash(option) == wanted:
            return Answer(valid=True, value=option, option_index=index)
    numbered = _OPTION_NUMBER.match(reply)
    if numbered is not None:
        index = int(numbered.group(1)) - 1
        if 0 <= index < len(options):
            return Answer(valid=True, value=options[index], option_index=index)
    return _invalid("Not one of the options.")


_NUMBER = re.compile(
    r"^[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
)


def _number(reply: str, minimum: float | None, maximum: float | None) -> Answer:
    if not _NUMBER.match(reply):
        return _invalid("Not a number.")
    plain = reply.replace(",", "")
    value: int | float
    try:
        value = float(plain) if any(c in plain for c in ".eE") else int(plain)
    except (ValueError, OverflowError):  # e.g. more digits than int() takes
        return _invalid("Not a number.")
    if isinstance(value, float) and not math.isfinite(value):
        return _invalid("Not a number.")
    if minimum is not None and value < minimum:
        return _invalid(f"The number is below the minimum ({minimum:g}).")
    if maximum is not None and value > maximum:
        return _invalid(f"The number is above the maximum ({maximum:g}).")
    return Answer(valid=True, value=value)


_PHONE = re.compile(r"^(\+|00)?([0-9]+)$")


def _phone(reply: str) -> Answer:
    found = _PHONE.match(re.sub(r"[\s().\-]", "", reply))
    if found is None:
        return _invalid("Not a phone number.")
    digits = found.group(2)
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return _invalid("A phone number needs its country code and 8 to 15 digits.")
    return Answer(valid=True, value=f"+{digits}")


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def _email(reply: str) -> Answer:
    local, at, domain = reply.rpartition("@")
    if (
        not at
        or len(reply) > 254
        or len(local) > 64
        or not _LOCAL.match(local)
        or not _DOMAIN.match(domain)
    ):
        return _invalid("Not an email address.")
    return Answer(valid=True, value=f"{local}@{domain.lower()}")


_IPV4 = re.compile(
    r"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"
)


_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])")


def _ascii_host(host: str) -> str:
    """The host in ASCII (``bücher.de`` → ``xn--bcher-kva.de``), or "" when it has none."""
    try:
        return host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def _url(reply: str) -> Answer:
    if any(c.isspace() for c in reply):
        return _invalid("Not a web address.")
    if "://" not in reply and _OTHER_SCHEME.match(reply):
        return _invalid("Not a web address.")
    candidate = reply if "://" in reply else f"https://{reply}"
    try:
        parts = urlsplit(candidate)
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return _invalid("Not a web address.")
    host = _ascii_host(parts.hostname or "")
    if (
        parts.scheme.lower() not in ("http", "https")
        or "@" in parts.netloc
        or not (_DOMAIN.match(host) or _IPV4.match(host) or host == "localhost")
    ):
        return _invalid("Not a web address.")
    normalised = urlunsplit(
        (
            parts.scheme.lower(),
            parts.netloc.lower(),
            parts.path,
            parts.query,
            parts.fragment,
        )
    )
    return Answer(valid=True, value=normalised)


_RATING = re.compile(r"^([1-5])\s*(?:/\s*5|stars?)?$", re.IGNORECASE)
_STARS = re.compile(r"^((?:[★⭐]\ufe0f?){1,5})☆*$")


def _rating(reply: str) -> Answer:
    found = _RATING.match(reply)
    if found is not None:
        return Answer(valid=True, value=int(found.group(1)))
    stars = _STARS.match(reply.replace(" ", ""))
    if stars is not None:
        count = len(stars.group(1).replace("\ufe0f", ""))
        if count + reply.count("☆") <= 5:
            return Answer(valid=True, value=count)
    return _invalid("A rating is 1 to 5 stars.")


_COORD = r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
_LOCATION = re.compile(rf"^\(?\s*{_COORD}\s*,\s*{_COORD}\s*\)?$")


def parse_location(text: str) -> tuple[float, float] | None:
    """``(latitude, longitude)`` from a location reply (see the module notes), or None."""
    found = _LOCATION.match(text.strip()) if isinstance(text, str) else None
    if found is None or found.group(0).startswith("(") != found.group(0).endswith(")"):
        return None
    first, second = float(found.group(1)), float(found.group(2))
    if abs(first) <= 90 and abs(second) <= 180:
        return first, second
    if abs(second) <= 90 and abs(first) <= 180:
        return second, first
    return None


def _location(reply: str) -> Answer:
    pair = parse_location(reply)
    if pair is None:
        return _invalid("A location is (latitude, longitude).")
    latitude, longitude = pair
    return Answer(valid=True, value=f"({latitude!r}, {longitude!r})")
