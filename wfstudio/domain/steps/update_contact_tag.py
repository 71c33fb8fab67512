"""Update Contact Tag: adds or removes one or many tags.

Decisions SPEC leaves open: at least one tag must be chosen, and a tag may be listed
only once. Adding a tag the contact already has (or removing one it lacks) changes
nothing and fires no trigger at run time; loop detection still counts it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import duplicates


class UpdateContactTagConfig(Config):
    action: Literal["add", "remove"] = "add"
    tags: Annotated[tuple[str, ...], Ref("tag")] = ()


class UpdateContactTag(StepSpec[UpdateContactTagConfig]):
    kind = "update_contact_tag"
    label = "Update Contact Tag"
    icon = "tag"
    description = "Add or remove one or many tags on the contact."
    group = "Contact"
    config_model = UpdateContactTagConfig

    def ports(self, config: UpdateContactTagConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: UpdateContactTagConfig, ctx: CheckContext) -> None:
        if not [tag for tag in config.tags if tag]:
            verb = "add" if config.action == "add" else "remove"
            ctx.error(Code.MISSING_REFERENCE, "tags", f"Choose at least one tag to {verb}.")
            return
        for index in duplicates(list(config.tags)):
            ctx.error(
                Code.DUPLICATE, f"tags.{index}", f"The tag “{config.tags[index]}” is listed twice."
            )

    def fires(self, config: UpdateContactTagConfig) -> list[FiredEvent]:
        action = "added" if config.action == "add" else "removed"
        return [
            FiredEvent("contact_tag_updated", {"action": action, "tag": tag})
            for tag in dict.fromkeys(config.tags)
            if tag
        ]

    def summary(self, config: UpdateContactTagConfig) -> str:
        verb = "Add" if config.action == "add" else "Remove"
        if not config.tags:
            return f"{verb} tags (none chosen)"
        return f"{verb} {', '.join(config.tags)}"
