"""The step handlers by kind: how each step runs, and how a waiting one resumes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from wfstudio.domain.definition import Step
from wfstudio.runtime import steps_contact as contact
from wfstudio.runtime import steps_flow as flow
from wfstudio.runtime import steps_messaging as messaging
from wfstudio.runtime.context import Burst, Outcome, Signal
from wfstudio.runtime.sending import Effects

Run = Callable[[Effects, Burst, Step, Any], Awaitable[Outcome]]
Resume = Callable[[Effects, Burst, Step, Any, Signal], Awaitable[Outcome]]

RUN: Mapping[str, Run] = {
    "send_message": messaging.send_message,
    "ask_question": messaging.ask_question,
    "add_comment": messaging.add_comment,
    "assign_to": contact.assign_to,
    "update_contact_tag": contact.update_contact_tag,
    "update_contact_field": contact.update_contact_field,
    "update_lifecycle": contact.update_lifecycle,
    "open_conversation": contact.open_conversation,
    "close_conversation": contact.close_conversation,
    "branch": flow.branch,
    "jump_to": flow.jump_to,
    "wait": flow.wait,
    "date_time": flow.date_time,
    "trigger_workflow": flow.trigger_workflow,
    "http_request": flow.http_request,
    "add_sheet_row": flow.add_sheet_row,
    "ai_agent": flow.ai_agent,
}

RESUME: Mapping[str, Resume] = {
    "ask_question": messaging.resume_ask_question,
    "assign_to": contact.resume_assign_to,
    "wait": flow.resume_wait,
    "ai_agent": flow.resume_ai_agent,
}

REPLY_STEPS = frozenset({"ask_question", "ai_agent"})
"""Steps a contact's message answers (so it is not an "incoming message" exit for them)."""
