"""References from a definition to workspace data (channels, users, tags, …).

Config models mark their reference fields with ``Annotated[str, Ref("channel")]`` or, for
lists, ``Annotated[tuple[str, ...], Ref("tag")]`` (the marker goes on the field itself: the
walker reads field metadata, not the metadata of a tuple's items).
One walker then serves two rules: validation reports references the workspace does
not have, and import removes them (SPEC §7).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from wfstudio.domain.definition import Condition, ConditionGroup, WorkflowDefinition
from wfstudio.domain.outbound import AllowList

RefKind = Literal[
    "channel",
    "user",
    "team",
    "tag",
    "field",
    "lifecycle_stage",
    "closing_category",
    "workflow",
    "sheet_credential",
]

FieldType = Literal["text", "number", "date", "email", "phone", "url", "checkbox", "list"]
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)

STANDARD_FIELDS: Mapping[str, FieldType] = {
    "firstname": "text",
    "lastname": "text",
    "email": "email",
    "phone": "phone",
    "country": "text",
    "language": "text",
    "bot_status": "checkbox",
}
"""Fields every contact has. ``bot_status`` is the on/off switch a workflow may flip."""

STANDARD_FIELD_LABELS: Mapping[str, str] = {
    "firstname": "First Name",
    "lastname": "Last Name",
    "email": "Email",
    "phone": "Phone Number",
    "country": "Country",
    "language": "Language",
    "bot_status": "Bot Status",
}
"""How the standard fields are named in forms and in AI instructions."""


@dataclass(frozen=True)
class Ref:
    """Marks a config field (a string or a tuple of strings) as a workspace reference."""

    kind: RefKind


@dataclass(frozen=True)
class WorkspaceRefs:
    """What a workspace has, by stable key, as validation needs it.

    ``known=False`` means "no workspace at hand" (e.g. ``wfstudio validate FILE``):
    references are then only checked for presence, never for existence.
    """

    channels: Mapping[str, str] = field(default_factory=dict)  # key -> channel kind
    users: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    fields: Mapping[str, FieldType] = field(default_factory=lambda: dict(STANDARD_FIELDS))
    lifecycle_stages: frozenset[str] = frozenset()
    closing_categories: frozenset[str] = frozenset()
    workflows: Mapping[str, str] = field(default_factory=dict)  # key -> its trigger kind
    sheet_credentials: frozenset[str] = frozenset()
    known: bool = True
    outbound_allow: AllowList = field(default_factory=AllowList)  # non-public hosts URLs may name

    @classmethod
    def unknown(cls) -> WorkspaceRefs:
        """Refs for checking a file with no workspace: existence is not checked."""
        return cls(known=False)

    def for_draft(self, workflow_key: str, definition: WorkflowDefinition) -> WorkspaceRefs:
        """These refs as a draft of ``workflow_key`` is judged: with the trigger kind the
        draft has now (the workspace knows only the saved one), since a step may target
        its own workflow."""
        if not self.known:
            return self
        kind = definition.trigger.kind if definition.trigger is not None else ""
        return replace(self, workflows={**self.workflows, workflow_key: kind})

    def has(self, kind: RefKind, key: str) -> bool:
        """Whether the workspace has ``key`` of ``kind`` (always True when not known)."""
        if not self.known:
            return True
        return key in self._collection(kind)

    def field_type(self, key: str) -> FieldType | None:
        """The type of contact field ``key``, or None when unknown."""
        return self.fields.get(key) or STANDARD_FIELDS.get(key)

    def _collection(self, kind: RefKind) -> Collection[str]:
        return {
            "channel": self.channels,
            "user": self.users,
            "team": self.teams,
            "tag": self.tags,
            "field": {**STANDARD_FIELDS, **self.fields},
            "lifecycle_stage": self.lifecycle_stages,
            "closing_category": self.closing_categories,
            "workflow": self.workflows,
            "sheet_credential": self.sheet_credentials,
        }[kind]


@dataclass(frozen=True)
class Found:
    """One reference found in a config: its dotted path, kind and key."""

    path: str
    kind: RefKind
    key: str


def _ref_of(model: type[BaseModel], name: str) -> Ref | None:
    for meta in model.model_fields[name].metadata:
        if isinstance(meta, Ref):
            return meta
    return None


def _condition_refs(condition: Condition, path: str) -> Iterator[Found]:
    if condition.category == "contact_field" and condition.field:
        yield Found(f"{path}.field", "field", condition.field)
    if condition.category in ("tags", "channel"):
        kind: RefKind = "tag" if condition.category == "tags" else "channel"
        values = condition.value if isinstance(condition.value, list) else [condition.value]
        for index, value in enumerate(values):
            if isinstance(value, str) and value:
                suffix = f".{index}" if isinstance(condition.value, list) else ""
                yield Found(f"{path}.value{suffix}", kind, value)


def find_refs(model: BaseModel, path: str = "") -> Iterator[Found]:
    """Every workspace reference inside ``model`` (recursing into nested models)."""
    if isinstance(model, Condition):
        yield from _condition_refs(model, path)
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        ref = _ref_of(type(model), name)
        if ref is not None:
            if isinstance(value, str) and value:
                yield Found(here, ref.kind, value)
            elif isinstance(value, tuple | list):
                for index, item in enumerate(value):
                    if isinstance(item, str) and item:
                        yield Found(f"{here}.{index}", ref.kind, item)
            continue
        if isinstance(value, BaseModel):
            yield from find_refs(value, here)
        elif isinstance(value, tuple | list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from find_refs(item, f"{here}.{index}")


M = TypeVar("M", bound=BaseModel)


def strip_unknown_refs(model: M, refs: WorkspaceRefs) -> tuple[M, list[Found]]:
    """A copy of ``model`` without the references ``refs`` lacks, and what was removed.

    A single reference becomes ``""``; a missing key inside a list is dropped from it; a
    condition whose contact field is unknown keeps its place with an empty field, so the
    step shows a configuration error instead of silently changing meaning.
    """
    removed: list[Found] = []

    def clean(node: Any, path: str) -> Any:
        if isinstance(node, Condition):
            updates: dict[str, Any] = {}
            for found in _condition_refs(node, path):
                if refs.has(found.kind, found.key):
                    continue
                removed.append(found)
                if found.path == f"{path}.field":
                    updates["field"] = ""
                elif isinstance(node.value, list):
                    kept = [v for v in updates.get("value", node.value) if v != found.key]
                    updates["value"] = kept
                else:
                    updates["value"] = ""
            return node.model_copy(update=updates) if updates else node
        if isinstance(node, ConditionGroup):
            rules = tuple(clean(rule, f"{path}.rules.{i}") for i, rule in enumerate(node.rules))
            return node.model_copy(update={"rules": rules})
        if not isinstance(node, BaseModel):
            return node
        updates = {}
        for name in type(node).model_fields:
            value = getattr(node, name)
            here = f"{path}.{name}" if path else name
            ref = _ref_of(type(node), name)
            if ref is not None:
                if isinstance(value, str) and value and not refs.has(ref.kind, value):
                    removed.append(Found(here, ref.kind, value))
                    updates[name] = ""
                elif isinstance(value, tuple | list):
                    gone = [v for v in value if isinstance(v, str) and not refs.has(ref.kind, v)]
                    if gone:
                        removed.extend(Found(here, ref.kind, v) for v in gone)
                        updates[name] = type(value)(v for v in value if v not in gone)
            elif isinstance(value, BaseModel):
                updates[name] = clean(value, here)
            elif isinstance(value, tuple | list) and any(isinstance(v, BaseModel) for v in value):
                updates[name] = type(value)(clean(v, f"{here}.{i}") for i, v in enumerate(value))
        return node.model_copy(update=updates) if updates else node

    return clean(model, ""), removed
