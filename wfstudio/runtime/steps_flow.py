"""Handlers of the flow steps (Branch, Jump To, Wait, Date & Time, Trigger Another
Workflow) and the integrations (HTTP Request, Google Sheets, AI Agent)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import JsonValue

from wfstudio.domain.ai_instructions import build_instructions
from wfstudio.domain.conditions import branch_taken
from wfstudio.domain.decisions import inside_date_time, jump
from wfstudio.domain.definition import Step
from wfstudio.domain.steps.add_sheet_row import AddSheetRowConfig
from wfstudio.domain.steps.ai_agent import AiAgentConfig
from wfstudio.domain.steps.branch import BranchConfig
from wfstudio.domain.steps.date_time import DateTimeConfig
from wfstudio.domain.steps.http_request import HttpRequestConfig
from wfstudio.domain.steps.jump_to import JumpToConfig
from wfstudio.domain.steps.trigger_workflow import TriggerWorkflowConfig
from wfstudio.domain.steps.wait import WaitConfig
from wfstudio.runtime.ai import AiEndpoint, ChatLine, converse
from wfstudio.runtime.context import Burst, Outcome, Pause, Reply, Signal, Woken
from wfstudio.runtime.events import ManualTrigger
from wfstudio.runtime.http_step import execute_http_request
from wfstudio.runtime.sending import Effects, needs_network, send
from wfstudio.runtime.sheets import append_row, sheet_values
from wfstudio.runtime.steps_contact import set_field
from wfstudio.runtime.steps_messaging import failed
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import SheetCredential

AI_HISTORY_LINES = 40


async def branch(effects: Effects, burst: Burst, step: Step, config: BranchConfig) -> Outcome:
    index = branch_taken(config.branches, burst.facts())
    return Outcome(port="else" if index is None else f"branch_{index + 1}")


async def jump_to(effects: Effects, burst: Burst, step: Step, config: JumpToConfig) -> Outcome:
    target, counters = jump(config, step.id, dict(burst.enrollment.jump_counters))
    if target is None:
        return Outcome(port="next", summary={"jumped": False})
    burst.enrollment.jump_counters = counters
    return Outcome(goto=target, summary={"jumped": True, "count": counters[step.id]})


async def wait(effects: Effects, burst: Burst, step: Step, config: WaitConfig) -> Outcome:
    due = burst.now + timedelta(seconds=config.seconds)
    return Outcome(pause=Pause("wait", [("wait", due)]), summary={"until": due.isoformat()})


async def resume_wait(
    effects: Effects, burst: Burst, step: Step, config: WaitConfig, signal: Signal
) -> Outcome:
    if isinstance(signal, Woken):
        return Outcome(port="success")
    return Outcome(pause=Pause("wait", keep_wakes=True))  # a reply does not end a wait


async def date_time(effects: Effects, burst: Burst, step: Step, config: DateTimeConfig) -> Outcome:
    inside = inside_date_time(config, burst.now)
    return Outcome(port="success" if inside else "failure", summary={"inside": inside})


async def trigger_workflow(
    effects: Effects, burst: Burst, step: Step, config: TriggerWorkflowConfig
) -> Outcome:
    burst.caused.append(
        ManualTrigger(
            contact_id=burst.contact.id or 0,
            workflow_key=config.workflow,
            values={"from_workflow": burst.workflow.key},
        )
    )
    return Outcome(port="success", summary={"workflow": config.workflow})


async def http_request(
    effects: Effects, burst: Burst, step: Step, config: HttpRequestConfig
) -> Outcome:
    needs_network(effects)
    result = await execute_http_request(effects.http, config, burst.scope())
    burst.set_variables({f"var.{name}": value for name, value in result.variables.items()})
    summary: dict[str, JsonValue] = {"status": result.status}
    if result.port == "success":
        return Outcome(port="success", summary=summary)
    return Outcome(port="failure", summary=summary, error=result.error)


async def add_sheet_row(
    effects: Effects, burst: Burst, step: Step, config: AddSheetRowConfig
) -> Outcome:
    needs_network(effects)  # and reads the credential in a short transaction of its own
    with session_scope(effects.engine) as session:
        credential = repo.get_by_key(
            session=session,
            table=SheetCredential,
            workspace_id=burst.workspace_id,
            key=config.credential,
        )
        secret = dict(credential.credentials) if credential is not None else None
    if secret is None:
        return failed(config.failure_branch, "The Google Sheets credential is missing.")
    result = await append_row(
        effects.http, secret, config.spreadsheet, config.sheet, sheet_values(config, burst.scope())
    )
    if result.ok:
        return Outcome(port="success", summary={"range": result.updated_range})
    return failed(config.failure_branch, result.error)


def _endpoint(burst: Burst) -> AiEndpoint | None:
    ai = burst.workspace_settings.get("ai") or {}
    if not isinstance(ai, dict) or not ai.get("base_url") or not ai.get("model"):
        return None
    return AiEndpoint(
        base_url=str(ai["base_url"]),
        model=str(ai["model"]),
        api_key=str(ai.get("api_key", "")),
        timeout_s=float(ai.get("timeout_s", 30.0)),
    )


def instructions_for(burst: Burst, config: AiAgentConfig) -> str:
    return build_instructions(
        config, burst.field_labels, burst.workspace_name, field_types=burst.field_types
    )


async def ai_agent(effects: Effects, burst: Burst, step: Step, config: AiAgentConfig) -> Outcome:
    needs_network(effects)
    return await _ai_turn(effects, burst, config, history=[], collected={})


async def resume_ai_agent(
    effects: Effects, burst: Burst, step: Step, config: AiAgentConfig, signal: Signal
) -> Outcome:
    log = burst.open_log.input_summary if burst.open_log is not None else {}
    history = [ChatLine(role=line[0], text=line[1]) for line in log.get("history", [])]
    collected = dict(log.get("collected", {}))
    if isinstance(signal, Woken):
        return failed(config.idle_branch, "The contact did not reply in time.", port="idle")
    assert isinstance(signal, Reply)
    needs_network(effects)
    history.append(ChatLine(role="contact", text=signal.text))
    return await _ai_turn(effects, burst, config, history=history, collected=collected)


async def _ai_turn(
    effects: Effects,
    burst: Burst,
    config: AiAgentConfig,
    *,
    history: list[ChatLine],
    collected: dict[str, str],
) -> Outcome:
    turn = await converse(
        effects.http,
        _endpoint(burst),
        instructions_for(burst, config),
        config,
        history,
        collected,
        field_types=burst.field_types,
        field_labels=burst.field_labels,
    )
    collected = {**collected, **turn.fields}
    if turn.reply:
        delivery = await send(effects, burst, turn.reply, author_kind="ai")
        if not delivery.ok:
            return failed(config.failure_branch, delivery.error)
        history.append(ChatLine(role="agent", text=turn.reply))
    lines = [[line.role, line.text] for line in history[-AI_HISTORY_LINES:]]
    summary = {"history": lines, "collected": collected, "status": turn.status}
    if turn.status == "continue":
        due = burst.now + timedelta(seconds=config.idle_seconds)
        return Outcome(pause=Pause("reply", [("ai_idle", due)]), summary=summary)  # type: ignore[arg-type]
    if turn.status == "success":
        for key, value in collected.items():
            set_field(burst, key, value)
            burst.set_variables({f"var.{key}": value})
        return Outcome(port="success", summary=summary)  # type: ignore[arg-type]
    port = {"human_requested": "human_requested", "unable": "unable"}.get(turn.status, "failure")
    enabled = {
        "human_requested": config.human_requested_branch,
        "unable": config.unable_branch,
        "failure": config.failure_branch,
    }[port]
    outcome = failed(enabled, turn.error or turn.status, port=port)
    outcome.summary = summary  # type: ignore[assignment]
    return outcome
