"""load refuses what is not a valid document, one "$.path: message" line per problem."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from tests.domain.codec.support import document, refusal, send
from wfstudio.domain import codec, limits
from wfstudio.domain.codec import ImportRefused, load


def test_size_limit() -> None:
    assert refusal(b" " * (limits.MAX_IMPORT_BYTES + 1)) == [
        "$: the file is 401 KB; the limit is 400 KB"
    ]
    text = json.dumps(document())
    assert load(text + " " * (limits.MAX_IMPORT_BYTES - len(text))).name == "Welcome"


def test_not_utf8_and_not_json() -> None:
    assert refusal(b'{"name": "\xff"}') == ["$: the file is not UTF-8 text"]
    assert refusal('{"name": "\ud800"}') == ["$: the file is not UTF-8 text"]
    assert refusal("") == ["$: the file is empty"]
    assert refusal(b" \n ") == ["$: the file is empty"]
    assert refusal('{"name": ') == ["$: not valid JSON: Expecting value (line 1, column 10)"]
    assert refusal('{"x": NaN}') == ["$: not valid JSON: NaN is not allowed in JSON"]
    assert refusal('{"x": 1e999}') == ["$: not valid JSON: the number 1e999 is too large"]
    assert refusal("[" * 100_000) == ["$: not valid JSON: nested more than 64 levels deep"]
    assert refusal('{"x": ' + "9" * 5000 + "}") == [
        "$: not valid JSON: a number has more than 40 characters (9999999999999999999…)"
    ]


def test_text_that_cannot_be_stored_is_refused_by_its_path() -> None:
    doc = document(description="\ud800 lone")
    assert refusal(json.dumps(doc)) == [
        "$.description: contains a lone surrogate (U+D800), which is not text"
    ]
    doc = document(steps=[send("s1", text="hi\u0000")])
    assert refusal(json.dumps(doc)) == ["$.steps[0].config.text: contains a NUL character (U+0000)"]
    emoji = document(description="\U0001f600")  # a surrogate pair as \ud83d\ude00: fine
    assert load(json.dumps(emoji)).description == "\U0001f600"
    assert refusal("[1, 2]") == ["$: expected object, got array"]
    assert refusal(123) == ["$: expected JSON text, got int"]  # type: ignore[arg-type]


def test_schema_errors_are_all_reported_sorted_by_path() -> None:
    steps = [send(f"s{i}", text="hi") for i in range(12)]
    steps[3]["config"]["text"] = 5
    steps[10]["kind"] = "send_fax"
    steps[2]["colour"] = "red"
    del steps[11]["name"]
    doc = document(
        steps=steps, format="other", format_version=0, layout={"my step": {"x": "1", "y": 0}}
    )
    del doc["name"]
    assert refusal(doc) == [
        '$.format: expected "wfstudio.workflow"',
        "$.format_version: must be at least 1",
        '$.layout["my step"].x: expected number, got string',
        "$.name: this required key is missing",
        "$.steps[2].colour: unknown key",
        "$.steps[3].config.text: expected string, got integer",
        '$.steps[10].kind: unknown step kind "send_fax"',
        "$.steps[11].name: this required key is missing",
    ]


def test_more_schema_errors() -> None:
    assert refusal(document(name="", trigger={"kind": "manual", "next": 5}, extra=1)) == [
        "$.extra: unknown key",
        "$.name: must not be empty",
        "$.trigger.next: expected string or null, got integer",
    ]
    assert refusal(document(trigger={"kind": "on_sunday"})) == [
        '$.trigger.kind: unknown trigger kind "on_sunday"'
    ]
    assert refusal(document(steps=[send("a b")])) == [
        "$.steps[0].id: a step id is 1 to 64 letters, digits, '_' or '-'"
    ]
    # Python's "$" also matches before a final newline; the model's check catches that.
    assert refusal(document(steps=[send("a\n")])) == [
        "$.steps[0].id: a step id is 1 to 64 letters, digits, '_' or '-'"
    ]
    assert refusal(document(format_version="1")) == [
        "$.format_version: expected integer, got string"
    ]
    assert refusal(document(format_version=2)) == [
        "$.format_version: format version 2 is newer than this wfstudio reads (1)"
    ]


def test_more_than_one_trigger() -> None:
    manual = {"kind": "manual", "next": "a"}
    expected = ["$.trigger: the file has 2 triggers; a workflow has exactly one"]
    assert refusal(document(trigger=[manual, manual])) == expected
    assert refusal(document(triggers=[manual, manual])) == [
        "$.triggers: the file has 3 triggers; a workflow has exactly one"
    ]
    assert refusal(document(trigger=None, triggers=[manual, manual])) == [
        "$.triggers: the file has 2 triggers; a workflow has exactly one"
    ]
    text = json.dumps(document())
    repeated = text.replace('"trigger":', '"trigger": {"kind": "manual"}, "trigger":')
    assert refusal(repeated) == expected
    # A list holding one trigger is not "more than one": it is the wrong type.
    assert refusal(document(trigger=[manual])) == ["$.trigger: expected object or null, got array"]


def test_repeated_keys_are_refused() -> None:
    text = json.dumps(document()).replace('"name": "Hi"', '"name": "Hi", "name": "Ho"')
    assert refusal(text) == ['$.steps[0]: the key "name" appears more than once']


def test_trigger_without_step() -> None:
    expected = ["$.steps: the workflow has a trigger but no step"]
    assert refusal(document(steps=[])) == expected
    doc = document()
    del doc["steps"]
    assert refusal(doc) == expected
    assert load(json.dumps(document(trigger=None, steps=[]))).steps == ()


def test_too_many_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    steps = [send(f"s{i}", text="hi") for i in range(limits.MAX_STEPS_PER_WORKFLOW + 1)]
    assert refusal(document(steps=steps)) == ["$.steps: the file has 101 steps; the limit is 100"]
    assert len(load(json.dumps(document(steps=steps[:-1]))).steps) == 100
    # A limit configured below the schema's is still enforced.
    monkeypatch.setattr(limits, "MAX_STEPS_PER_WORKFLOW", 2)
    assert refusal(document(steps=steps[:3])) == ["$.steps: the file has 3 steps; the limit is 2"]


def test_duplicate_step_ids() -> None:
    doc = document(steps=[send("a", text="1"), send("b", text="2"), send("a", text="3")])
    assert refusal(doc) == ['$.steps[2].id: duplicate step id "a" (first used at $.steps[0].id)']


def test_refusal_is_a_value_error_that_pickles() -> None:
    refused = ImportRefused(["$.name: this required key is missing"])
    assert isinstance(refused, ValueError)
    again = pickle.loads(pickle.dumps(refused))
    assert again.problems == refused.problems and str(again) == str(refused)


def test_migrations_run_before_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(doc: dict[str, Any]) -> dict[str, Any]:
        doc = dict(doc)
        doc["name"] = doc.pop("title")
        return doc

    monkeypatch.setattr(codec.loading, "FORMAT_VERSION", 2)
    monkeypatch.setattr(codec.loading, "MIGRATIONS", {1: rename})
    old = document(title="Old name")
    del old["name"]
    defn = load(json.dumps(old))
    assert defn.name == "Old name" and defn.format_version == 2


def test_a_migration_that_breaks_on_a_malformed_file_is_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(codec.loading, "FORMAT_VERSION", 2)
    monkeypatch.setattr(codec.loading, "MIGRATIONS", {1: lambda doc: {**doc, "name": doc["title"]}})
    assert refusal(document()) == ["$: the file cannot be upgraded from format version 1"]
