"""AI Agent: hands the conversation to an AI agent until it reaches its objective.

Ports: *success* (objective reached) always; *human_requested* (the contact asked for a
person), *unable* (the agent could not answer, or could not collect a field), *idle* (no
reply within the idle timeout) and *failure* (technical error: no model, channel down)
exist when their toggles are on. A situation whose port is off ends the enrollment.

Decisions SPEC leaves open:

* ``collect_fields`` needs at least one contact field (each once); the collected values
  are written to those fields, so the step can fire Contact Field Updated triggers (see
  :meth:`AiAgent.fires`). ``answer_questions`` needs instructions (what to answer from).
* Instructions and handover rules are free text of at most 4,000 characters each; they
  are sent to the model as written.
* The idle timeout always applies (default 60 minutes, one minute to seven days); the
  ``idle_branch`` toggle only adds the *idle* port.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.limits import DEFAULT_AI_IDLE_SECONDS
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import check_timeout, duplicates

MAX_AI_TEXT_CHARS: Final = 4_000

AiObjective = Literal["collect_fields", "answer_questions"]


class AiAgentConfig(Config):
    objective: AiObjective = "collect_fields"
    instructions: str = ""
    fields: Annotated[tuple[str, ...], Ref("field")] = ()
    handover_rules: str = ""
    idle_seconds: int = DEFAULT_AI_IDLE_SECONDS
    human_requested_branch: bool = False
    unable_branch: bool = False
    idle_branch: bool = False
    failure_branch: bool = False


class AiAgent(StepSpec[AiAgentConfig]):
    kind = "ai_agent"
    label = "AI Agent"
    icon = "bot"
    description = "Let an AI agent talk with the contact until it reaches its objective."
    group = "AI"
    pauses = True
    config_model = AiAgentConfig

    def ports(self, config: AiAgentConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        optional = (
            (config.human_requested_branch, "human_requested", "Human requested"),
            (config.unable_branch, "unable", "Unable"),
            (config.idle_branch, "idle", "Idle"),
            (config.failure_branch, "failure", "Failure"),
        )
        ports.extend(Port(name, label, always=False) for on, name, label in optional if on)
        return ports

    def check(self, config: AiAgentConfig, ctx: CheckContext) -> None:
        if config.objective == "answer_questions":
            ctx.require(config.instructions, "instructions", "The instructions")
        ctx.max_chars(config.instructions, MAX_AI_TEXT_CHARS, "instructions", "The instructions")
        if config.objective == "collect_fields":
            if not [key for key in config.fields if key]:
                ctx.error(Code.MISSING_REFERENCE, "fields", "Choose at least one field to collect.")
            for index in duplicates(list(config.fields)):
                ctx.error(
                    Code.DUPLICATE,
                    f"fields.{index}",
                    f"The field “{config.fields[index]}” is listed twice.",
                )
        ctx.max_chars(
            config.handover_rules, MAX_AI_TEXT_CHARS, "handover_rules", "The handover rules"
        )
        check_timeout(ctx, config.idle_seconds, "idle_seconds", "The idle timeout")

    def fires(self, config: AiAgentConfig) -> list[FiredEvent]:
        if config.objective != "collect_fields":
            return []
        return [
            FiredEvent("contact_field_updated", {"field": key})
            for key in dict.fromkeys(config.fields)
            if key
        ]

    def summary(self, config: AiAgentConfig) -> str:
        if config.objective == "answer_questions":
            return "Answer questions"
        if not config.fields:
            return "Collect fields (none chosen)"
        return f"Collect {', '.join(config.fields)}"
