"""Handlers of the steps that talk to the contact: Send a Message, Ask a Question, Add Comment."""

from __future__ import annotations

from datetime import timedelta

from wfstudio.domain.answers import check_answer, retry_prompt
from wfstudio.domain.definition import Step
from wfstudio.domain.steps.add_comment import AddCommentConfig
from wfstudio.domain.steps.ask_question import AskQuestionConfig
from wfstudio.domain.steps.send_message import SendMessageConfig
from wfstudio.domain.variables import render
from wfstudio.runtime.channels import send_message_outbound
from wfstudio.runtime.context import Burst, Outcome, Pause, Reply, Signal, Woken
from wfstudio.runtime.events import TagChanged
from wfstudio.runtime.sending import Effects, send
from wfstudio.runtime.steps_contact import set_field


def failed(port_on: bool, error: str | None, port: str = "failure") -> Outcome:
    """Take ``port`` when the step has it, else end the enrollment (SPEC §4)."""
    if port_on:
        return Outcome(port=port, error=error)
    return Outcome(end=("failed", f"{port}: {error or 'no branch'}"), error=error)


async def send_message(
    effects: Effects, burst: Burst, step: Step, config: SendMessageConfig
) -> Outcome:
    key = config.channel if config.channel_mode == "specific" else burst.channel_key()
    outbound = send_message_outbound(config, key or "", burst.scope())
    delivery = await send(
        effects,
        burst,
        outbound.text,
        channel_key=key,
        buttons=outbound.buttons,
        attachments=outbound.attachments,
    )
    if delivery.ok:
        return Outcome(port="success", summary={"text": outbound.text[:200]})
    return failed(config.failure_branch, delivery.error)


async def ask_question(
    effects: Effects, burst: Burst, step: Step, config: AskQuestionConfig
) -> Outcome:
    delivery = await _ask(effects, burst, config, render(config.text, burst.scope()))
    if not delivery:
        return failed(config.failure_branch, "The question could not be sent.")
    due = burst.now + timedelta(seconds=config.timeout_seconds)
    return Outcome(pause=Pause("reply", [("timeout", due)]), summary={"attempts": 0})


async def _ask(effects: Effects, burst: Burst, config: AskQuestionConfig, text: str) -> bool:
    options: tuple[str, ...] = ()
    if config.question_type == "multiple_choice":
        options = tuple(option.text for option in config.options)
    elif config.question_type == "rating":
        options = ("1", "2", "3", "4", "5")
    delivery = await send(effects, burst, text, kind="question", options=options)
    return delivery.ok


async def resume_ask_question(
    effects: Effects, burst: Burst, step: Step, config: AskQuestionConfig, signal: Signal
) -> Outcome:
    if isinstance(signal, Woken):
        return failed(config.timeout_branch, "No reply before the timeout.", port="timeout")
    assert isinstance(signal, Reply)
    answer = check_answer(
        config.question_type,
        signal.text,
        options=[option.text for option in config.options],
        minimum=config.min_value,
        maximum=config.max_value,
        today=burst.now.date(),
    )
    attempts = _attempts(burst)
    if not answer.valid:
        attempts += 1
        if attempts > config.retries:
            return failed(config.failure_branch, f"Invalid reply: {answer.reason}")
        retry = render(config.invalid_reply_message, burst.scope()) or retry_prompt(
            config.question_type, minimum=config.min_value, maximum=config.max_value
        )
        await _ask(effects, burst, config, retry)
        return Outcome(pause=Pause("reply", keep_wakes=True), summary={"attempts": attempts})
    _save_answer(burst, config, answer.value, answer.option_index)
    port = f"option_{answer.option_number}" if answer.option_number else "answered"
    return Outcome(port=port, summary={"attempts": attempts, "answer": answer.value})


def _attempts(burst: Burst) -> int:
    """Invalid replies so far to the question being resumed (kept in its step log)."""
    log = burst.open_log
    value = log.input_summary.get("attempts", 0) if log is not None else 0
    return value if isinstance(value, int) else 0


def _save_answer(burst: Burst, config: AskQuestionConfig, value: object, index: int | None) -> None:
    if config.save_to_variable and config.variable:
        burst.set_variables({f"var.{config.variable}": value})  # type: ignore[dict-item]
    if config.save_to_field and config.field:
        set_field(burst, config.field, value)  # type: ignore[arg-type]
    if config.save_to_tag and index is not None and index < len(config.options):
        tag = config.options[index].tag
        if tag and tag not in burst.contact.tags:
            burst.contact.tags = [*burst.contact.tags, tag]
            burst.caused.append(
                TagChanged(contact_id=burst.contact.id or 0, tag=tag, action="added")
            )


async def add_comment(
    effects: Effects, burst: Burst, step: Step, config: AddCommentConfig
) -> Outcome:
    text = render(config.text, burst.scope())
    burst.add_message(
        direction="out",
        author_kind="system",
        author_id=burst.workflow.id,
        text=text,
        payload={"kind": "comment", "mentions": list(config.mentions)},
    )
    return Outcome(port="success", summary={"text": text[:200]})
