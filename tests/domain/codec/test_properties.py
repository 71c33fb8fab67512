"""Property tests: round trips are identical and no input makes load crash."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.codec.support import FAST, document
from wfstudio.domain.catalogue import STEP_KINDS, STEPS, TRIGGER_KINDS, TRIGGERS
from wfstudio.domain.codec import (
    HEADLINE,
    ImportRefused,
    definition_from_dict,
    definition_to_dict,
    dump,
    load,
)
from wfstudio.domain.definition import (
    CONDITION_CATEGORIES,
    EXIT_ON_CHOICES,
    OPERATORS,
    Condition,
    ConditionGroup,
    Position,
    Settings,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.kinds import KindSpec

step_ids = st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True)
# Text a workflow can hold: no NUL, no lone surrogate (domain/text.py refuses them).
storable = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
texts = st.text(storable, max_size=20)
any_texts = st.text(st.characters(blacklist_categories=()), max_size=20)  # surrogates too
finite = st.floats(allow_nan=False, allow_infinity=False)


def json_of(strings: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.none() | st.booleans() | st.integers(-(10**15), 10**15) | finite | strings,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(strings, inner, max_size=4),
        max_leaves=12,
    )


json_values = json_of(texts)
wild_json = json_of(any_texts)
ports = st.sampled_from(["success", "failure", "timeout", "else", "branch_1", "option_2"]) | texts


@st.composite
def configs(draw: st.DrawFn, spec: KindSpec[Any]) -> dict[str, Any]:
    """A kind's default config with some of its free-text fields changed."""
    config = spec.default_config()
    fields = spec.config_model.model_json_schema()["properties"]
    for key, value in list(config.items()):
        free_text = fields[key].get("type") == "string" and "enum" not in fields[key]
        if isinstance(value, str) and free_text and draw(st.booleans()):
            config[key] = draw(texts)
    return config


@st.composite
def definitions(draw: st.DrawFn) -> WorkflowDefinition:
    ids = draw(st.lists(step_ids, unique=True, max_size=6))
    targets: st.SearchStrategy[str] = st.sampled_from(ids) | step_ids if ids else step_ids
    steps = []
    for step_id in ids:
        kind = draw(st.sampled_from(STEP_KINDS))
        steps.append(
            Step(
                id=step_id,
                kind=kind,
                name=draw(texts),
                config=draw(configs(STEPS[kind])),
                next=draw(st.dictionaries(ports, targets, max_size=3)),
            )
        )
    trigger = None
    with_trigger = draw(st.booleans())
    if ids and with_trigger:
        kind = draw(st.sampled_from(TRIGGER_KINDS))
        rules = st.builds(
            Condition,
            category=st.sampled_from(CONDITION_CATEGORIES),
            field=texts,
            operator=st.sampled_from(OPERATORS),
            value=json_values,
        )
        trigger = Trigger(
            kind=kind,
            config=draw(configs(TRIGGERS[kind])),
            conditions=ConditionGroup(
                join=draw(st.sampled_from(["and", "or"])),
                rules=tuple(draw(st.lists(rules, max_size=3))),
            ),
            once_per_contact=draw(st.booleans()),
            next=draw(st.none() | targets),
        )
    return WorkflowDefinition(
        name=draw(st.text(storable, min_size=1, max_size=30)),
        description=draw(texts),
        settings=Settings(
            allow_stop_for_contact=draw(st.booleans()),
            exit_on=tuple(draw(st.lists(st.sampled_from(EXIT_ON_CHOICES), max_size=3))),
        ),
        trigger=trigger,
        steps=tuple(steps),
        layout=draw(st.dictionaries(targets, st.builds(Position, x=finite, y=finite), max_size=4)),
    )


@FAST
@given(definitions())
def test_dump_load_dump_is_identical(defn: WorkflowDefinition) -> None:
    text = dump(defn)
    assert dump(load(text)) == text


def check_load(data: str | bytes) -> None:
    """Either a definition that round-trips, or ImportRefused with path lines."""
    try:
        defn = load(data)
    except ImportRefused as refused:
        assert refused.problems
        assert all(line.startswith("$") and ": " in line for line in refused.problems)
        assert str(refused).startswith(HEADLINE + "\n")
        return
    text = dump(defn)
    assert dump(load(text)) == text


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    check_load(data)


@FAST
@given(wild_json | st.dictionaries(st.sampled_from(list(document())) | any_texts, wild_json))
def test_random_json_never_crashes(value: Any) -> None:
    check_load(json.dumps(value))  # a lone surrogate as a \ud800 escape: refused by path
    check_load(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(paths(value, (*here, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(paths(value, (*here, index)))
    return found


keys = st.sampled_from(["trigger", "triggers", "kind", "id", "config", "next", "text", "x"]) | texts


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc: Any = copy.deepcopy(definition_to_dict(draw(definitions())))
    for _ in range(draw(st.integers(1, 3))):
        found = paths(doc)[1:]  # whole random documents are tested above
        path = draw(st.sampled_from(found) | st.sampled_from(found[::-1]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values | st.sampled_from(STEP_KINDS + TRIGGER_KINDS))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(json_values)
        else:
            parent.insert(path[-1], draw(json_values))
    return doc


@FAST
@given(mutated_documents())
def test_mutated_documents_never_crash(doc: Any) -> None:
    check_load(json.dumps(doc, ensure_ascii=False))
    with contextlib.suppress(ImportRefused):
        definition_from_dict(doc)
