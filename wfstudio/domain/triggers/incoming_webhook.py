"""Incoming Webhook: an external system POSTs JSON to the workflow's webhook URL (SPEC §2).

The config says how to find the contact in the body — ``identifier_type`` (contact
``id``, ``email`` or ``phone``) and ``identifier_key``, the JSON key holding it — and
which JSON values become trigger variables (``mappings``: JSON key → variable name).
Keys may be dotted paths into nested objects (``customer.email``). When no contact
matches an email or phone, a contact is created with it; an unknown contact id cannot
create one, so that request is refused.

The webhook's URL token (secret) is *not* part of the config: the store generates and
owns it, so exporting or cloning a workflow never leaks it. A config carrying a
``secret`` key is refused like any other unknown key.

Decision (not in the product docs): at most :data:`MAX_WEBHOOK_MAPPINGS` mappings.
"""

from __future__ import annotations

from typing import Literal

from wfstudio.domain.definition import Trigger
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.triggers._common import check_variable_names, valid_unique_names

IdentifierType = Literal["id", "email", "phone"]
IDENTIFIER_LABELS = {"id": "contact ID", "email": "email", "phone": "phone number"}

MAX_WEBHOOK_MAPPINGS = 20
MAX_JSON_KEY_CHARS = 200


class WebhookMapping(Config):
    """One JSON value copied into a trigger variable."""

    key: str = ""  # JSON key (dotted path) in the request body
    variable: str = ""


class IncomingWebhookConfig(Config):
    identifier_type: IdentifierType = "email"
    identifier_key: str = ""
    mappings: tuple[WebhookMapping, ...] = ()


def _check_json_key(ctx: CheckContext, key: str, path: str, label: str) -> None:
    if not ctx.require(key, path, label):
        return
    if ctx.max_chars(key, MAX_JSON_KEY_CHARS, path, label) and (
        key != key.strip() or any(part == "" for part in key.split("."))
    ):
        ctx.error(
            Code.INVALID_VALUE,
            path,
            f"{label} “{key}” is not a valid JSON key "
            "(no surrounding spaces; use dots between nested keys).",
        )


class IncomingWebhook(TriggerSpec[IncomingWebhookConfig]):
    kind = "incoming_webhook"
    label = "Incoming Webhook"
    icon = "webhook"
    description = "When an external system sends JSON to this workflow's webhook URL."
    config_model = IncomingWebhookConfig

    def variables(self, config: IncomingWebhookConfig) -> list[str]:
        """The mapped variable names (valid ones, each once, in mapping order)."""
        return valid_unique_names(mapping.variable for mapping in config.mappings)

    def check(self, config: IncomingWebhookConfig, ctx: CheckContext) -> None:
        what = IDENTIFIER_LABELS[config.identifier_type]
        _check_json_key(ctx, config.identifier_key, "identifier_key", f"The JSON key of the {what}")
        ctx.max_items(config.mappings, MAX_WEBHOOK_MAPPINGS, "mappings", "Mappings")
        for index, mapping in enumerate(config.mappings):
            _check_json_key(
                ctx, mapping.key, f"mappings.{index}.key", f"Mapping {index + 1}: the JSON key"
            )
        check_variable_names(
            ctx,
            [(m.variable, f"mappings.{i}.variable") for i, m in enumerate(config.mappings)],
            "Mapping",
        )

    def summary(self, config: IncomingWebhookConfig) -> str:
        what = IDENTIFIER_LABELS[config.identifier_type]
        if not config.identifier_key:
            return f"Contact by {what}: choose the JSON key"
        text = f"Contact by {what} in “{config.identifier_key}”"
        count = len(config.mappings)
        if count:
            text += f" · {count} variable{'s' if count != 1 else ''}"
        return text

    def is_fired_by(
        self, trigger: Trigger, config: IncomingWebhookConfig, event: FiredEvent
    ) -> bool:
        """Only an external request fires a webhook; no step emits this kind.

        (An HTTP Request step could call the webhook URL, but its URL is free text and the
        token is secret, so that loop is not detectable statically.)
        """
        return event.trigger_kind == self.kind
