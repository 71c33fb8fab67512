"""Shortcut: an agent runs the shortcut from the inbox on a contact (SPEC §2).

The shortcut has a name, an icon and a description shown in the inbox's shortcut menu,
and an optional form the agent fills in first. Each form field has a label, a type, a
variable name and a required flag; the answers become trigger variables
(``$trigger.<variable>``) that later steps — e.g. Branch — can use. A ``list`` field
offers the agent its ``options``.

Decisions (not in the product docs): at most :data:`MAX_FORM_FIELDS` form fields;
the shortcut name, field labels and list options are limited to ``MAX_NAME_CHARS``
characters, the description to :data:`MAX_DESCRIPTION_CHARS`; a list field needs
1 to :data:`MAX_LIST_OPTIONS` distinct options (a dropdown, so the 20-character limit of
quick-reply options does not apply); only a list field may have options.
"""

from __future__ import annotations

from typing import Literal, get_args

from wfstudio.domain.definition import Trigger
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.domain.triggers._common import check_variable_names, valid_unique_names

FormFieldType = Literal[
    "text", "list", "checkbox", "number", "date", "time", "phone", "email", "url"
]
FORM_FIELD_TYPES: tuple[FormFieldType, ...] = get_args(FormFieldType)

MAX_FORM_FIELDS = 10
MAX_LIST_OPTIONS = 50
MAX_DESCRIPTION_CHARS = 500


class FormField(Config):
    """One question of the shortcut form."""

    label: str = ""
    type: FormFieldType = "text"
    variable: str = ""
    required: bool = False
    options: tuple[str, ...] = ()  # the choices of a ``list`` field


class ShortcutConfig(Config):
    name: str = ""
    icon: str = "zap"  # a lucide icon name shown in the inbox menu
    description: str = ""
    fields: tuple[FormField, ...] = ()


class Shortcut(TriggerSpec[ShortcutConfig]):
    kind = "shortcut"
    label = "Shortcut"
    icon = "zap"
    description = "When an agent runs this shortcut on a contact from the inbox."
    config_model = ShortcutConfig

    def variables(self, config: ShortcutConfig) -> list[str]:
        """The variable names of the form fields (valid ones, each once, in form order)."""
        return valid_unique_names(form_field.variable for form_field in config.fields)

    def check(self, config: ShortcutConfig, ctx: CheckContext) -> None:
        if ctx.require(config.name, "name", "The shortcut name"):
            ctx.max_chars(config.name, MAX_NAME_CHARS, "name", "The shortcut name")
        ctx.require(config.icon, "icon", "The shortcut icon")
        ctx.max_chars(config.description, MAX_DESCRIPTION_CHARS, "description", "The description")
        ctx.max_items(config.fields, MAX_FORM_FIELDS, "fields", "Form fields")
        for index, form_field in enumerate(config.fields):
            path = f"fields.{index}"
            number = index + 1
            if ctx.require(form_field.label, f"{path}.label", f"Form field {number}: the label"):
                ctx.max_chars(
                    form_field.label, MAX_NAME_CHARS, f"{path}.label", f"Form field {number}"
                )
            if form_field.type == "list":
                self._check_options(form_field, ctx, path, number)
            elif form_field.options:
                ctx.error(
                    Code.INVALID_VALUE,
                    f"{path}.options",
                    f"Form field {number}: only a list field has options.",
                )
        check_variable_names(
            ctx,
            [(f.variable, f"fields.{i}.variable") for i, f in enumerate(config.fields)],
            "Form field",
        )

    @staticmethod
    def _check_options(form_field: FormField, ctx: CheckContext, path: str, number: int) -> None:
        here = f"{path}.options"
        if not form_field.options:
            ctx.error(Code.REQUIRED, here, f"Form field {number}: a list needs options.")
            return
        ctx.max_items(form_field.options, MAX_LIST_OPTIONS, here, f"Form field {number}")
        seen: set[str] = set()
        for index, option in enumerate(form_field.options):
            at = f"{here}.{index}"
            if not ctx.require(option, at, f"Form field {number}: option {index + 1}"):
                continue
            ctx.max_chars(option, MAX_NAME_CHARS, at, f"Option {index + 1}")
            key = option.strip().casefold()
            if key in seen:
                ctx.error(
                    Code.DUPLICATE, at, f"Form field {number}: the option “{option}” is repeated."
                )
            seen.add(key)

    def summary(self, config: ShortcutConfig) -> str:
        name = config.name.strip() or "Unnamed shortcut"
        count = len(config.fields)
        if not count:
            return name
        return f"{name} · {count} form field{'s' if count != 1 else ''}"

    def is_fired_by(self, trigger: Trigger, config: ShortcutConfig, event: FiredEvent) -> bool:
        """Only an agent runs a shortcut; no step fires it."""
        return event.trigger_kind == self.kind
