"""Update Contact Field: sets one or more contact fields (field ← value).

Decisions SPEC leaves open:

* A step may set several fields, one row each; a field may appear in only one row.
* An empty value clears the field.
* A value containing a ``$variable`` is only known at run time, so it is not checked
  here; the runtime checks the resolved value with :func:`fits_field_type` and takes
  *failure* (or ends the enrollment) when it does not fit.
* A literal value must fit the field type: a number (``12``, ``-3.5``), a date written
  ``YYYY-MM-DD``, an email address, an ``http(s)://`` URL, or a checkbox value
  (On/Off, true/false, yes/no, 1/0, any case: :func:`~wfstudio.domain.checkbox.parse_checkbox`).
  Text, phone and list fields take any text.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Final

from wfstudio.domain.checkbox import parse_checkbox
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.refs import FieldType, Ref
from wfstudio.domain.steps._shared import duplicates, is_web_url
from wfstudio.domain.variables import has_variable

EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EXPECTED: Final = {
    "number": "a number",
    "date": "a date written YYYY-MM-DD",
    "email": "an email address",
    "url": "a URL starting with http:// or https://",
    "checkbox": "On or Off (or true/false)",
}


def fits_field_type(field_type: FieldType, value: str) -> bool:
    """Whether the literal ``value`` can be stored in a field of ``field_type``.

    Empty means "clear the field" and always fits.
    """
    text = value.strip()
    if not text:
        return True
    if field_type == "number":
        try:
            return math.isfinite(float(text))
        except ValueError:
            return False
    if field_type == "date":
        if not ISO_DATE.match(text):
            return False
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
        return True
    if field_type == "email":
        return EMAIL.match(text) is not None
    if field_type == "url":
        return is_web_url(text)
    if field_type == "checkbox":
        return parse_checkbox(text) is not None
    return True


class FieldUpdate(Config):
    """One row: the field and the value to write (``$variables`` allowed)."""

    field: Annotated[str, Ref("field")] = ""
    value: str = ""


class UpdateContactFieldConfig(Config):
    updates: tuple[FieldUpdate, ...] = (FieldUpdate(),)
    failure_branch: bool = False


class UpdateContactField(StepSpec[UpdateContactFieldConfig]):
    kind = "update_contact_field"
    label = "Update Contact Field"
    icon = "user-pen"
    description = "Set one or more contact fields to a value or a variable."
    group = "Contact"
    config_model = UpdateContactFieldConfig

    def ports(self, config: UpdateContactFieldConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        if config.failure_branch:
            ports.append(Port("failure", "Failure", always=False))
        return ports

    def check(self, config: UpdateContactFieldConfig, ctx: CheckContext) -> None:
        if not ctx.require(config.updates, "updates", "At least one field to update"):
            return
        for index, update in enumerate(config.updates):
            path = f"updates.{index}"
            if not ctx.require_ref(update.field, "field", f"{path}.field", "the field to update"):
                continue
            field_type = ctx.refs.field_type(update.field)
            if field_type is None or has_variable(update.value):
                continue
            if not fits_field_type(field_type, update.value):
                ctx.error(
                    Code.TYPE_MISMATCH,
                    f"{path}.value",
                    f"“{update.field}” is a {field_type} field: the value must be "
                    f"{EXPECTED[field_type]}.",
                )
        for index in duplicates([update.field for update in config.updates]):
            ctx.error(
                Code.DUPLICATE,
                f"updates.{index}.field",
                f"The field “{config.updates[index].field}” is set twice.",
            )

    def fires(self, config: UpdateContactFieldConfig) -> list[FiredEvent]:
        keys = dict.fromkeys(update.field for update in config.updates if update.field)
        return [FiredEvent("contact_field_updated", {"field": key}) for key in keys]

    def summary(self, config: UpdateContactFieldConfig) -> str:
        chosen = [update.field for update in config.updates if update.field]
        if not chosen:
            return "No field chosen yet"
        if len(chosen) == 1:
            value = config.updates[0].value.strip()
            return f"Set {chosen[0]}" + (f" = {value[:40]}" if value else " (clear)")
        return f"Set {', '.join(chosen)}"
