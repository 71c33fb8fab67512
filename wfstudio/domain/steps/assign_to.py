"""Assign To: assigns the contact to a user (directly, in a team or in the workspace) or unassigns.

Decisions SPEC leaves open:

* ``logic``, ``only_online`` and ``max_open_contacts`` apply to the "user in a team" and
  "user in the workspace" actions only (as in the original); they are kept but ignored
  for the other actions.
* ``max_open_contacts`` empty means no capacity rule; otherwise a user qualifies only
  with *fewer than* that many open contacts, so it must be at least 1.
* When nobody qualifies, the contact waits in a queue until someone does or the timeout
  passes (default and maximum 7 days, at least one minute). The timeout exists only for
  team and workspace assignment, since only those can queue; the ``timeout_branch``
  toggle adds the *timeout* port, and without it the enrollment ends at the timeout.
* A team with no members: nothing is assigned and the contact goes on to *success*.
"""

from __future__ import annotations

from typing import Annotated, Literal

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import DEFAULT_TIMEOUT_SECONDS
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import check_timeout

AssignAction = Literal["specific_user", "team", "workspace", "unassign"]
AssignLogic = Literal["round_robin", "least_open"]

QUEUEING_ACTIONS = frozenset({"team", "workspace"})


class AssignToConfig(Config):
    action: AssignAction = "workspace"
    user: Annotated[str, Ref("user")] = ""  # specific_user
    team: Annotated[str, Ref("team")] = ""  # team
    logic: AssignLogic = "round_robin"
    only_online: bool = False
    max_open_contacts: int | None = None
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    timeout_branch: bool = False


class AssignTo(StepSpec[AssignToConfig]):
    kind = "assign_to"
    label = "Assign To"
    icon = "user-check"
    description = "Assign the contact to a user, a team member or anyone in the workspace."
    group = "Conversation"
    pauses = True
    config_model = AssignToConfig

    def ports(self, config: AssignToConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        if config.timeout_branch and config.action in QUEUEING_ACTIONS:
            ports.append(Port("timeout", "Timeout", always=False))
        return ports

    def check(self, config: AssignToConfig, ctx: CheckContext) -> None:
        if config.action == "specific_user":
            ctx.require_ref(config.user, "user", "user", "the user to assign")
        elif config.action == "team":
            ctx.require_ref(config.team, "team", "team", "the team")
        if config.action not in QUEUEING_ACTIONS:
            return
        if config.max_open_contacts is not None and config.max_open_contacts < 1:
            ctx.error(
                Code.OUT_OF_RANGE,
                "max_open_contacts",
                "The open-contacts limit must be at least 1.",
            )
        check_timeout(ctx, config.timeout_seconds, "timeout_seconds", "The timeout")

    def summary(self, config: AssignToConfig) -> str:
        if config.action == "unassign":
            return "Unassign"
        if config.action == "specific_user":
            return f"Assign to {config.user}" if config.user else "Assign to a user (not chosen)"
        logic = "Round robin" if config.logic == "round_robin" else "Least open contacts"
        where = (
            "in the workspace"
            if config.action == "workspace"
            else f"in team {config.team or '(not chosen)'}"
        )
        extras = []
        if config.only_online:
            extras.append("online only")
        if config.max_open_contacts is not None:
            extras.append(f"< {config.max_open_contacts} open")
        suffix = f" ({', '.join(extras)})" if extras else ""
        return f"{logic} {where}{suffix}"
