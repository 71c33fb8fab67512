"""Conversation Closed: fires when the contact's open conversation closes (SPEC §2).

Both filters are optional; with neither, every close fires the trigger.

- ``sources``: who closed it — a ``user`` in the inbox, a ``workflow`` (Close
  Conversation step), a program through the ``api``, or the workspace's ``auto_close``
  timer. Empty means any. (A contact cannot close a conversation.)
- ``categories``: the closing-note categories (workspace references); empty means any,
  including a close without a category.

Trigger variables: ``category`` (closing-note category key, empty when none),
``summary`` (closing-note summary) and ``closed_by`` (the key of the user who closed it,
or the source — ``workflow``, ``api`` or ``auto_close`` — when no user did).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.triggers._common import (
    Facts,
    check_ref_list,
    check_unique,
    conditions_allow,
    join_keys,
    trigger_facts,
)

CloseSource = Literal["user", "workflow", "api", "auto_close"]
CLOSE_SOURCES: tuple[CloseSource, ...] = get_args(CloseSource)
SOURCE_LABELS = {"user": "User", "workflow": "Workflow", "api": "API", "auto_close": "Auto-close"}


class ConversationClosedConfig(Config):
    sources: tuple[CloseSource, ...] = ()  # empty = any source
    categories: Annotated[tuple[str, ...], Ref("closing_category")] = ()  # empty = any


class ConversationClosed(TriggerSpec[ConversationClosedConfig]):
    kind = "conversation_closed"
    label = "Conversation Closed"
    icon = "message-square-x"
    description = "When a conversation with the contact is closed."
    config_model = ConversationClosedConfig

    def variables(self, config: ConversationClosedConfig) -> list[str]:
        return ["category", "summary", "closed_by"]

    def check(self, config: ConversationClosedConfig, ctx: CheckContext) -> None:
        check_unique(ctx, config.sources, "sources", "source", SOURCE_LABELS)
        check_ref_list(
            ctx,
            config.categories,
            "closing_category",
            "categories",
            "closing category",
            required=False,
        )

    def summary(self, config: ConversationClosedConfig) -> str:
        if not config.sources or set(config.sources) == set(CLOSE_SOURCES):
            text = "Closed by anyone"
        else:
            chosen = [SOURCE_LABELS[s] for s in CLOSE_SOURCES if s in config.sources]
            text = "Closed by " + " or ".join(chosen)
        if config.categories:
            text += f" with category {join_keys(config.categories)}"
        return text

    def is_fired_by(
        self, trigger: Trigger, config: ConversationClosedConfig, event: FiredEvent
    ) -> bool:
        """A Close Conversation step emits ``{"source": "workflow"}``; a ``category`` in
        the detail, when present, is matched against ``categories`` too."""
        if event.trigger_kind != self.kind:
            return False
        source = event.detail.get("source")
        if source is not None and config.sources and source not in config.sources:
            return False
        category = event.detail.get("category")
        if category is not None and config.categories and category not in config.categories:
            return False
        values = trigger_facts({"category": category})
        if category is not None:
            values[("conversation", "closing_category")] = category
        return conditions_allow(trigger.conditions, Facts(values=values))
