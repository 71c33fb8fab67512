"""One module per trigger kind; TRIGGER_SPECS lists them in trigger-picker order."""

from __future__ import annotations

from typing import Any

from wfstudio.domain.kinds import TriggerSpec
from wfstudio.domain.triggers.click_to_chat_ad import ClickToChatAd
from wfstudio.domain.triggers.contact_field_updated import ContactFieldUpdated
from wfstudio.domain.triggers.contact_tag_updated import ContactTagUpdated
from wfstudio.domain.triggers.conversation_closed import ConversationClosed
from wfstudio.domain.triggers.conversation_opened import ConversationOpened
from wfstudio.domain.triggers.incoming_webhook import IncomingWebhook
from wfstudio.domain.triggers.lifecycle_updated import LifecycleUpdated
from wfstudio.domain.triggers.manual import Manual
from wfstudio.domain.triggers.shortcut import Shortcut

TRIGGER_SPECS: tuple[TriggerSpec[Any], ...] = (
    ConversationOpened(),
    ConversationClosed(),
    ContactTagUpdated(),
    ContactFieldUpdated(),
    Shortcut(),
    IncomingWebhook(),
    ClickToChatAd(),
    LifecycleUpdated(),
    Manual(),
)
