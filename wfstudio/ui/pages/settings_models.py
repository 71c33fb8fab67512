"""The rows the Settings page shows: small serializable view models made from the
workspace services' read models."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from wfstudio.services import access
from wfstudio.services import workspace as svc


@dataclasses.dataclass(frozen=True)
class UserRow:
    key: str = ""
    name: str = ""
    email: str = ""
    role: str = "agent"
    role_label: str = ""
    online: bool = False
    restricted: bool = False
    restrictions: list[str] = dataclasses.field(default_factory=list)  # keys given
    restrictions_label: str = ""  # "Can see the Workflows icon in Messages" or "No permissions"


@dataclasses.dataclass(frozen=True)
class ItemRow:
    """A tag, lifecycle stage, closing category, contact field or team."""

    key: str = ""
    label: str = ""
    detail: str = ""  # a field's type, a team's members
    standard: bool = False  # a standard contact field: shown, never changed
    members: list[str] = dataclasses.field(default_factory=list)  # a team's user keys
    is_list: bool = False  # a contact field of type list
    options: list[str] = dataclasses.field(default_factory=list)  # a list field's choices


@dataclasses.dataclass(frozen=True)
class ChannelRow:
    key: str = ""
    name: str = ""
    kind_label: str = ""
    custom: bool = False
    outbound_url: str = ""
    secret_token: str = ""


@dataclasses.dataclass(frozen=True)
class HoursDay:
    """One weekday of the business hours editor."""

    day: str = ""
    label: str = ""
    ranges: list[dict[str, str]] = dataclasses.field(default_factory=list)


def user_row(view: svc.UserView) -> UserRow:
    given = [access.RESTRICTIONS[key] for key in view.restrictions]
    return UserRow(
        key=view.key,
        name=view.name,
        email=view.email,
        role=view.role,
        role_label=access.ROLE_LABELS.get(view.role, view.role.title()),
        online=view.online,
        restricted=view.restricted,
        restrictions=list(view.restrictions),
        restrictions_label="; ".join(given) if given else "No extra permissions",
    )


def option_rows(options: Iterable[svc.Option]) -> list[ItemRow]:
    return [ItemRow(key=o.key, label=o.label) for o in options]


FIELD_TYPE_LABELS: Mapping[str, str] = {
    "text": "Text",
    "number": "Number",
    "date": "Date",
    "email": "Email",
    "phone": "Phone",
    "url": "URL",
    "checkbox": "Checkbox",
    "list": "List",
}


def _field_detail(field: svc.FieldView) -> str:
    kind = FIELD_TYPE_LABELS.get(field.type, field.type)
    if field.type != "list":
        return kind
    return f"{kind} · {', '.join(field.options)}" if field.options else f"{kind} · no options yet"


def field_rows(fields: Iterable[svc.FieldView]) -> list[ItemRow]:
    return [
        ItemRow(
            key=f.key,
            label=f.label,
            detail=_field_detail(f),
            standard=f.standard,
            is_list=f.type == "list",
            options=list(f.options),
        )
        for f in fields
    ]


def team_rows(teams: Iterable[svc.TeamView], users: Iterable[svc.UserView]) -> list[ItemRow]:
    names = {user.key: user.name for user in users}
    return [
        ItemRow(
            key=team.key,
            label=team.name,
            detail=", ".join(names.get(key, key) for key in team.members) or "No members",
            members=list(team.members),
        )
        for team in teams
    ]


def channel_row(view: svc.ChannelView) -> ChannelRow:
    url = view.config.get("outbound_url", "")
    return ChannelRow(
        key=view.key,
        name=view.name,
        kind_label=svc.CHANNEL_KIND_LABELS.get(view.kind, view.kind),
        custom=view.kind == "custom_channel",
        outbound_url=url if isinstance(url, str) else "",
        secret_token=view.secret_token,
    )
