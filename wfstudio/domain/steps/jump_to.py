"""Jump To: continues at another step of the same workflow, at most ``max_jumps`` times.

Decisions SPEC leaves open:

* The counter is kept per Jump To step and per enrollment; it resets when the
  enrollment ends. Once the step has jumped ``max_jumps`` times (1–10, default 3), the
  contact takes *next* instead (or the enrollment ends when *next* is not connected).
* The target may be any other step, earlier or later; a step cannot jump to itself.
  Whether the target exists is checked by workflow validation, not here.
"""

from __future__ import annotations

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_JUMPS

DEFAULT_MAX_JUMPS = 3


class JumpToConfig(Config):
    target: str = ""  # id of the step to continue at
    max_jumps: int = DEFAULT_MAX_JUMPS


class JumpTo(StepSpec[JumpToConfig]):
    kind = "jump_to"
    label = "Jump To"
    icon = "corner-down-right"
    description = "Continue at another step, a limited number of times."
    group = "Flow"
    config_model = JumpToConfig

    def ports(self, config: JumpToConfig) -> list[Port]:
        return [Port("next", "Next")]

    def check(self, config: JumpToConfig, ctx: CheckContext) -> None:
        if ctx.require(config.target, "target", "The target step") and (
            config.target == ctx.step_id
        ):
            ctx.error(Code.INVALID_VALUE, "target", "A step cannot jump to itself.")
        ctx.in_range(config.max_jumps, 1, MAX_JUMPS, "max_jumps", "The maximum number of jumps")

    def jump_targets(self, config: JumpToConfig) -> list[str]:
        return [config.target] if config.target else []

    def summary(self, config: JumpToConfig) -> str:
        if not config.target:
            return "No target step yet"
        return f"Jump to {config.target} (max {config.max_jumps}×)"
