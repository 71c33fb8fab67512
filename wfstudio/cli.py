"""The ``wfstudio`` command: validate, import, export and list workflows; load the demo.

Every command works on the database of ``DATABASE_URL`` (PostgreSQL) or the embedded
SQLite file under ``WFSTUDIO_DATA_DIR`` (default ``./data``), migrated first. Exit codes:
0 done, 1 refused (the reason is printed on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from wfstudio.domain.codec import ImportRefused, load
from wfstudio.domain.issues import errors
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services import demo, live, transfer, workflows, workspace
from wfstudio.services.database import Engine, open_database
from wfstudio.services.errors import Refused


def _engine() -> Engine:
    return open_database()


def _workspace_id(engine: Engine) -> int:
    workspace_id = workspace.default_workspace_id(engine)
    if workspace_id is None:
        raise Refused("There is no workspace yet: run `wfstudio demo` to create one.")
    return workspace_id


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    data = Path(args.file).read_bytes()
    try:
        definition = load(data)
    except ImportRefused as refusal:
        raise Refused(str(refusal)) from refusal
    refs = WorkspaceRefs.unknown()
    if args.workspace:
        engine = _engine()
        refs = workspace.workspace_refs(engine, workspace_id=_workspace_id(engine))
    issues = validate(definition, refs)
    for issue in issues:
        print(f"{issue.severity}: {issue.message} [{issue.code}]", file=out)
    if errors(issues):
        raise Refused(f"{len(errors(issues))} configuration error(s) in {args.file}.")
    print(f"{args.file}: valid ({len(definition.steps)} steps).", file=out)
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine()
    result = transfer.import_workflow(
        engine, workspace_id=_workspace_id(engine), actor_id=None, data=Path(args.file).read_bytes()
    )
    print(f'Imported "{result.workflow.name}" (id {result.workflow.id}) as a Draft.', file=out)
    if result.removed:
        print("Removed because this workspace does not have them:", file=out)
        for removed in result.removed:
            print(f"  - {removed.describe()}", file=out)
    return 0


def _find(engine: Engine, workspace_id: int, name_or_id: str) -> int:
    rows = workflows.list_workflows(engine, workspace_id=workspace_id)
    if name_or_id.isdigit() and any(row.id == int(name_or_id) for row in rows):
        return int(name_or_id)
    matches = [row for row in rows if row.name.casefold() == name_or_id.strip().casefold()]
    if not matches:
        raise Refused(f'No workflow is named "{name_or_id}" (or has that id): see `wfstudio list`.')
    return matches[0].id


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine()
    workflow_id = _find(engine, _workspace_id(engine), args.workflow)
    _file_name, text = transfer.export_workflow(engine, workflow_id=workflow_id)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        out.write(text)
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine()
    rows = workflows.list_workflows(
        engine, workspace_id=_workspace_id(engine), search=args.search, status=args.status
    )
    if not rows:
        print("No workflows.", file=out)
        return 0
    width = max(len(row.name) for row in rows)
    print(f"{'ID':>4}  {'STATUS':<9}  {'NAME':<{width}}  LAST PUBLISHED", file=out)
    for row in rows:
        published = (
            row.last_published_at.strftime("%Y-%m-%d %H:%M") if row.last_published_at else "-"
        )
        print(f"{row.id:>4}  {row.status:<9}  {row.name:<{width}}  {published}", file=out)
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine()
    summary = demo.load_demo(engine)
    if summary is None:
        print("A workspace exists already: nothing loaded.", file=out)
    else:
        print(f"Loaded the demo workspace: {summary.describe()}", file=out)
    users = demo.demo_sign_ins(engine)
    if users:
        print("Sign in as (email / password, role):", file=out)
        width = max(len(user.email) for user in users)
        for user in users:
            print(f"  {user.email:<{width}}  {user.password:<13} {user.role}", file=out)
    return 0


def cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
    print("Firing due waits and timeouts until Ctrl-C or SIGTERM…", file=out)
    fired = asyncio.run(live.serve_forever())
    print(f"Stopped after firing {fired} wakes.", file=out)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="wfstudio", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a workflow file without importing it")
    check.add_argument("file")
    check.add_argument(
        "--workspace", action="store_true", help="also check references against the workspace"
    )
    check.set_defaults(run=cmd_validate)
    bring = commands.add_parser("import", help="import a workflow file as a Draft")
    bring.add_argument("file")
    bring.set_defaults(run=cmd_import)
    send = commands.add_parser("export", help="print (or write) a workflow's file")
    send.add_argument("workflow", help="the workflow's name or id")
    send.add_argument("-o", "--output", help="write to this file instead of standard output")
    send.set_defaults(run=cmd_export)
    listing = commands.add_parser("list", help="list the workflows")
    listing.add_argument("--search", default="", help="only names containing this")
    listing.add_argument("--status", choices=["draft", "published", "stopped"])
    listing.set_defaults(run=cmd_list)
    load_demo = commands.add_parser("demo", help="create the demo workspace if there is none")
    load_demo.set_defaults(run=cmd_demo)
    worker = commands.add_parser(
        "worker", help="fire due waits and timeouts until stopped (several may run at once)"
    )
    worker.set_defaults(run=cmd_worker)
    return top


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        return int(args.run(args, out or sys.stdout))
    except Refused as refusal:
        print(refusal.message, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
