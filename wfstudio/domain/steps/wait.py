"""Wait: pauses the contact for a duration, then continues at *success*.

Decision SPEC leaves open: the duration is a whole ``amount`` of one ``unit``
(seconds, minutes, hours or days); the total must be between 1 second and 7 days.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_WAIT_SECONDS
from wfstudio.domain.steps._shared import format_duration

WaitUnit = Literal["seconds", "minutes", "hours", "days"]

UNIT_SECONDS: Final[Mapping[str, int]] = {
    "seconds": 1,
    "minutes": 60,
    "hours": 3_600,
    "days": 86_400,
}


class WaitConfig(Config):
    amount: int = 1
    unit: WaitUnit = "hours"

    @property
    def seconds(self) -> int:
        """The total duration in seconds."""
        return self.amount * UNIT_SECONDS[self.unit]


class Wait(StepSpec[WaitConfig]):
    kind = "wait"
    label = "Wait"
    icon = "hourglass"
    description = "Pause for a while, then continue."
    group = "Flow"
    pauses = True
    config_model = WaitConfig

    def ports(self, config: WaitConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: WaitConfig, ctx: CheckContext) -> None:
        if not 1 <= config.seconds <= MAX_WAIT_SECONDS:
            ctx.error(
                Code.OUT_OF_RANGE,
                "amount",
                f"The wait must be between 1 second and {format_duration(MAX_WAIT_SECONDS)}.",
            )

    def summary(self, config: WaitConfig) -> str:
        if config.seconds <= 0:
            return "Wait (no duration)"
        return f"Wait {format_duration(config.seconds)}"
