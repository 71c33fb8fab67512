"""Branch: routes the contact by conditions; the first matching branch wins, else *else*.

Decisions SPEC leaves open:

* Branches are evaluated top to bottom, ``branch_1`` first; the first whose condition
  group matches wins, and *else* is taken when none does.
* A branch must have at least one condition: an empty group would always match and
  make every later branch and *else* unreachable, which is never what the user meant.
* A new Branch step starts with one (empty) branch; 1–9 branches are allowed.
"""

from __future__ import annotations

from wfstudio.domain.condition_checks import check_conditions
from wfstudio.domain.definition import ConditionGroup
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_BRANCHES


class BranchConfig(Config):
    branches: tuple[ConditionGroup, ...] = (ConditionGroup(),)


class Branch(StepSpec[BranchConfig]):
    kind = "branch"
    label = "Branch"
    icon = "git-branch"
    description = "Route the contact by conditions: the first matching branch wins."
    group = "Flow"
    config_model = BranchConfig

    def ports(self, config: BranchConfig) -> list[Port]:
        ports = [
            Port(f"branch_{number}", f"Branch {number}", always=False)
            for number in range(1, len(config.branches) + 1)
        ]
        ports.append(Port("else", "Else"))
        return ports

    def check(self, config: BranchConfig, ctx: CheckContext) -> None:
        if not config.branches:
            ctx.error(Code.TOO_FEW, "branches", "Add at least one branch.")
            return
        ctx.max_items(config.branches, MAX_BRANCHES, "branches", "Branches")
        for index, group in enumerate(config.branches):
            path = f"branches.{index}"
            if not group.rules:
                ctx.error(
                    Code.REQUIRED,
                    f"{path}.rules",
                    f"Branch {index + 1} needs at least one condition.",
                )
                continue
            check_conditions(group, ctx, path)

    def summary(self, config: BranchConfig) -> str:
        count = len(config.branches)
        return f"{count} branch{'es' if count != 1 else ''} + else"
