"""The builder benchmark: a 100-step workflow in Chromium.

A fresh data folder gets the demo workspace and one valid workflow of 100 steps (a chain
with a branch every ten steps, whose first branch is a one-step side arm); the app runs
in production mode as the e2e tests start it. Prints:

- the time from navigation to the canvas showing all 101 nodes (once cold, then the
  median of five reloads);
- for a drag of the first step (every other step follows it) and of a leaf: the
  time from the drop until the server's answer is on screen ("Unsaved changes"), and the
  time from clicking Save until the save is confirmed.

    .venv/bin/python -m bench.builder
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, load_demo, running_app
from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Position, Step, Trigger, WorkflowDefinition
from wfstudio.services import transfer, workspace
from wfstudio.services.database import open_database

STEPS = 100
LOADS = 5
KINDS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("send_message", {"text": "Hello $contact.firstname"}, "success"),
    ("wait", {"amount": 5, "unit": "minutes"}, "success"),
    ("add_comment", {"text": "Passed here"}, "success"),
    ("open_conversation", {}, "success"),
)
BRANCH = {
    "branches": [{"rules": [{"category": "tags", "operator": "has_any_of", "value": ["vip"]}]}]
}


def big_workflow(steps: int = STEPS) -> WorkflowDefinition:
    """A valid workflow of ``steps`` steps: a chain, with a branch every ten steps whose
    first port leads to a one-step side arm."""
    chain: list[Step] = []
    arms: list[Step] = []
    while len(chain) + len(arms) < steps:
        n = len(chain) + len(arms) + 1
        if n % 10 == 5 and len(chain) + len(arms) + 2 <= steps:
            arm = Step(
                id=f"s{n + 1}", kind="add_comment", name=f"Side {n + 1}", config={"text": "VIP"}
            )
            arms.append(arm)
            chain.append(
                Step(
                    id=f"s{n}",
                    kind="branch",
                    name=f"Branch {n}",
                    config=BRANCH,
                    next={"branch_1": arm.id},
                )
            )
            continue
        kind, config, _ = KINDS[n % len(KINDS)]
        chain.append(Step(id=f"s{n}", kind=kind, name=f"Step {n}", config=config))
    linked = []
    for index, step in enumerate(chain):
        port = "else" if step.kind == "branch" else "success"
        following = (
            {**step.next, port: chain[index + 1].id} if index + 1 < len(chain) else step.next
        )
        linked.append(step.model_copy(update={"next": following}))
    return WorkflowDefinition(
        name="Benchmark: 100 steps",
        trigger=Trigger(kind="conversation_opened", next=linked[0].id),
        steps=(*linked, *arms),
        # The first side arm placed by hand beside the top, so the canvas shows a leaf.
        layout={arms[0].id: Position(x=420, y=180)},
    )


def _seed(data: Path, definition: WorkflowDefinition) -> int:
    engine = open_database(f"sqlite:///{data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    result = transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    )
    return result.workflow.id


def _first_render(page: Page, url: str, nodes: int) -> float:
    started = time.perf_counter()
    page.goto(url)
    expect(page.locator(".react-flow__node")).to_have_count(nodes, timeout=60_000)
    expect(page.locator(".react-flow__node").last).to_be_visible(timeout=60_000)
    return (time.perf_counter() - started) * 1000


def _drag_and_save(page: Page, node_id: str) -> tuple[float, float]:
    found = page.locator(f'.react-flow__node[data-id="{node_id}"]')
    box = found.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 3
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 25, steps=5)
    started = time.perf_counter()
    page.mouse.up()
    expect(page.get_by_text("Unsaved changes")).to_be_visible(timeout=30_000)
    applied = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    page.get_by_test_id("builder-save").click()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0, timeout=30_000)
    saved = (time.perf_counter() - started) * 1000
    return applied, saved


def main() -> None:
    definition = big_workflow()
    with tempfile.TemporaryDirectory(prefix="wfstudio-bench-") as folder:
        data = Path(folder)
        load_demo(data)
        workflow_id = _seed(data, definition)
        with running_app(data) as app_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            url, nodes = f"{app_url}/workflows/{workflow_id}", len(definition.steps) + 1
            cold = _first_render(page, url, nodes)
            warm = statistics.median(_first_render(page, url, nodes) for _ in range(LOADS))
            print(
                f"canvas first render, {nodes} nodes: cold {cold:.0f} ms, warm median {warm:.0f} ms"
            )
            drags = (("the first step (99 follow it)", "s1"), ("a leaf (Side 6)", "s6"))
            for label, node_id in drags:
                applied, saved = _drag_and_save(page, node_id)
                print(f"drag of {label}: applied {applied:.0f} ms, saved {saved:.0f} ms")
            browser.close()


if __name__ == "__main__":
    main()
