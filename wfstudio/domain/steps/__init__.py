"""One module per step kind; STEP_SPECS lists them in step-picker order.

The picker shows the groups in this order: Messaging, Contact, Conversation, Flow,
Integrations, AI; inside a group, kinds keep the order below.
"""

from __future__ import annotations

from typing import Any

from wfstudio.domain.kinds import StepSpec
from wfstudio.domain.steps.add_comment import AddComment
from wfstudio.domain.steps.add_sheet_row import AddSheetRow
from wfstudio.domain.steps.ai_agent import AiAgent
from wfstudio.domain.steps.ask_question import AskQuestion
from wfstudio.domain.steps.assign_to import AssignTo
from wfstudio.domain.steps.branch import Branch
from wfstudio.domain.steps.close_conversation import CloseConversation
from wfstudio.domain.steps.date_time import DateAndTime
from wfstudio.domain.steps.http_request import HttpRequest
from wfstudio.domain.steps.jump_to import JumpTo
from wfstudio.domain.steps.open_conversation import OpenConversation
from wfstudio.domain.steps.send_message import SendMessage
from wfstudio.domain.steps.trigger_workflow import TriggerWorkflow
from wfstudio.domain.steps.update_contact_field import UpdateContactField
from wfstudio.domain.steps.update_contact_tag import UpdateContactTag
from wfstudio.domain.steps.update_lifecycle import UpdateLifecycle
from wfstudio.domain.steps.wait import Wait

STEP_SPECS: tuple[StepSpec[Any], ...] = (
    # Messaging
    SendMessage(),
    AskQuestion(),
    # Contact
    UpdateContactTag(),
    UpdateContactField(),
    UpdateLifecycle(),
    # Conversation
    AssignTo(),
    OpenConversation(),
    CloseConversation(),
    AddComment(),
    # Flow
    Branch(),
    JumpTo(),
    Wait(),
    DateAndTime(),
    TriggerWorkflow(),
    # Integrations
    HttpRequest(),
    AddSheetRow(),
    # AI
    AiAgent(),
)

STEP_GROUPS: tuple[str, ...] = (
    "Messaging",
    "Contact",
    "Conversation",
    "Flow",
    "Integrations",
    "AI",
)
"""The step-picker sections, in order."""
