"""What happens to a contact, as the runtime hears it (SPEC §2, §4; issue "Events in").

Each event knows which trigger kind it may fire, with what detail (matched by the trigger
kind's ``is_fired_by``) and which trigger variables it gives the steps (``$trigger.x``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import JsonValue

OpenSource = Literal["user", "workflow", "contact", "api"]


@dataclass(frozen=True)
class Event:
    contact_id: int

    trigger_kind = ""  # the trigger kind this event may fire ("" for none)
    targeted = False  # fires only the workflow named by ``workflow_key``

    def detail(self) -> dict[str, str]:
        """What ``is_fired_by`` matches against the trigger's config."""
        return {}

    def variables(self) -> dict[str, JsonValue]:
        """Trigger variables, without the ``trigger.`` prefix."""
        return {}


@dataclass(frozen=True)
class ConversationOpened(Event):
    conversation_id: int = 0
    source: OpenSource = "contact"
    channel_key: str | None = None
    trigger_kind = "conversation_opened"

    def detail(self) -> dict[str, str]:
        return {"source": self.source}

    def variables(self) -> dict[str, JsonValue]:
        return {"channel": self.channel_key, "source": self.source}


@dataclass(frozen=True)
class ConversationClosed(Event):
    conversation_id: int = 0
    source: str = "user"  # user / workflow / api / auto_close
    category: str | None = None
    summary: str | None = None
    closed_by: str | None = None  # the user's name, or the workflow's
    trigger_kind = "conversation_closed"

    def detail(self) -> dict[str, str]:
        detail = {"source": self.source}
        if self.category:
            detail["category"] = self.category
        return detail

    def variables(self) -> dict[str, JsonValue]:
        return {"category": self.category, "summary": self.summary, "closed_by": self.closed_by}


@dataclass(frozen=True)
class IncomingMessage(Event):
    text: str = ""
    channel_key: str | None = None
    payload: Mapping[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingMessage(Event):
    """A message someone other than a workflow step sent (the inbox, a broadcast, the API)."""

    text: str = ""
    author_kind: Literal["user", "broadcast", "api"] = "user"
    author_id: int | None = None


@dataclass(frozen=True)
class TagChanged(Event):
    tag: str = ""
    action: Literal["added", "removed"] = "added"
    trigger_kind = "contact_tag_updated"

    def detail(self) -> dict[str, str]:
        return {"tag": self.tag, "action": self.action}

    def variables(self) -> dict[str, JsonValue]:
        return {"tag": self.tag, "action": self.action}


@dataclass(frozen=True)
class FieldChanged(Event):
    field_key: str = ""
    old_value: JsonValue = None
    new_value: JsonValue = None
    trigger_kind = "contact_field_updated"

    def detail(self) -> dict[str, str]:
        return {"field": self.field_key}

    def variables(self) -> dict[str, JsonValue]:
        return {"field": self.field_key, "old_value": self.old_value, "new_value": self.new_value}


@dataclass(frozen=True)
class LifecycleChanged(Event):
    old_stage: str | None = None
    new_stage: str | None = None
    trigger_kind = "lifecycle_updated"

    def detail(self) -> dict[str, str]:
        return {"stage": self.new_stage or ""}

    def variables(self) -> dict[str, JsonValue]:
        return {"old_stage": self.old_stage, "new_stage": self.new_stage}


@dataclass(frozen=True)
class Targeted(Event):
    """An event aimed at one workflow (by key): manual, shortcut, incoming webhook."""

    workflow_key: str = ""
    values: Mapping[str, JsonValue] = field(default_factory=dict)
    targeted = True

    def variables(self) -> dict[str, JsonValue]:
        return dict(self.values)


@dataclass(frozen=True)
class ManualTrigger(Targeted):
    """A Trigger Another Workflow step targets a workflow with a manual trigger."""

    trigger_kind = "manual"

    def detail(self) -> dict[str, str]:
        return {"workflow": self.workflow_key}


@dataclass(frozen=True)
class ShortcutRun(Targeted):
    """An agent ran a shortcut on the contact; ``values`` are the form answers."""

    by_user_id: int | None = None
    trigger_kind = "shortcut"


@dataclass(frozen=True)
class WebhookReceived(Targeted):
    """An external system posted to a workflow's webhook; ``values`` are the mappings."""

    trigger_kind = "incoming_webhook"


@dataclass(frozen=True)
class AdReferral:
    """The ad a contact's message came from (validated by the service that took it).

    ``ad_source`` is the platform (``facebook``, ``instagram``, ``tiktok``) or None when
    the channel did not say: then it fits a Click-to-Chat Ad trigger of any platform."""

    ad_id: str = ""
    ad_source: str | None = None
    headline: str | None = None
    source_url: str | None = None
    ref: str | None = None

    def clicked(self, contact_id: int, channel_key: str | None) -> AdClicked:
        """The event of this click, for the contact whose message it came with."""
        return AdClicked(
            contact_id=contact_id,
            ad_source=self.ad_source,
            ad_id=self.ad_id,
            headline=self.headline,
            source_url=self.source_url,
            ref=self.ref,
            channel_key=channel_key,
        )


@dataclass(frozen=True)
class AdClicked(Event):
    """A conversation started from an ad click (the message that opened it had a
    referral); fires Click-to-Chat Ad triggers."""

    ad_source: str | None = None
    ad_id: str = ""
    headline: str | None = None
    source_url: str | None = None
    ref: str | None = None
    channel_key: str | None = None
    trigger_kind = "click_to_chat_ad"

    def detail(self) -> dict[str, str]:
        detail = {"ad_id": self.ad_id}  # "" fits "all ads" and no chosen ad
        if self.ad_source is not None:
            detail["ad_source"] = self.ad_source
        if self.channel_key is not None:
            detail["channel"] = self.channel_key
        return detail

    def variables(self) -> dict[str, JsonValue]:
        return {
            "ad_id": self.ad_id,
            "ad_source": self.ad_source,
            "headline": self.headline,
            "source_url": self.source_url,
            "ref": self.ref,
        }


@dataclass(frozen=True)
class ManualAssignment(Event):
    """A user assigned the contact by hand in the inbox (an exit condition)."""

    user_id: int | None = None
    team_id: int | None = None
    by_user_id: int | None = None


EXIT_CONDITIONS: Mapping[type[Event], str] = {
    OutgoingMessage: "outgoing_message",
    IncomingMessage: "incoming_message",
    ManualAssignment: "manual_assignment",
}
