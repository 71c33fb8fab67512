"""Prepared statements for the runtime's hot path: a Core statement compiled once per
database kind and set of parameter names, executed straight on the driver's cursor.

SQLAlchemy's execution path costs about 115 Python calls per ``execute`` (statement cache
lookup, execution context, parameter construction, result metadata), against a handful
for the driver itself; the runtime runs some forty statements per conversation. A
:class:`Prepared` keeps what SQLAlchemy's compiler worked out (the SQL text, the order of
the parameters, the literal values bound in the statement, the Python-side column defaults,
the type conversions of the parameters and of the result columns) and replays it:

* parameters go through the same bind processors SQLAlchemy would apply (UTC timestamps,
  JSON documents, booleans), result columns through the same result processors;
* a driver error is raised as SQLAlchemy's wrapper of it (``IntegrityError`` …), as with
  ``Connection.execute``;
* ``before_cursor_execute`` / ``after_cursor_execute`` listeners on the engine still see
  every statement (benchmarks count statements with them, tests slow them down).

It runs on the session's connection, inside its transaction (or SAVEPOINT): what it writes
commits or rolls back with everything else. Statements whose SQL depends on the values
(expanding ``IN`` lists, literal-rendered parameters) are refused when compiled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, exc, text
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session

Params = Mapping[str, Any]


class Result:
    """What a prepared statement gave back: its rows (converted) and its rowcount."""

    __slots__ = ("rowcount", "rows")

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def all(self) -> list[tuple[Any, ...]]:
        return self.rows

    def first(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def scalar_one_or_none(self) -> Any:
        if len(self.rows) > 1:
            raise exc.MultipleResultsFound("more than one row where one was expected")
        return self.rows[0][0] if self.rows else None

    def scalar_one(self) -> Any:
        if len(self.rows) != 1:
            raise exc.NoResultFound("no row was found where one was expected")
        return self.rows[0][0]


class _Form:
    """The statement compiled for one dialect and one set of parameter names."""

    __slots__ = ("constants", "names", "ordered", "result_processors", "sources", "sql")

    def __init__(self, statement: Any, dialect: Dialect, keys: Sequence[str], many: bool):
        compiled = _with_literals(statement).compile(
            dialect=dialect, column_keys=list(keys), for_executemany=many
        )
        if compiled.post_compile_params:
            raise ValueError(f"cannot prepare a statement rendered per execution: {compiled}")
        inlined = {compiled.bind_names[bind] for bind in compiled.literal_execute_params}
        if inlined:  # render the statement's own values into its text
            others = set(compiled.bind_names.values()) - inlined  # not rendered: any value
            expanded = compiled.construct_expanded_state(dict.fromkeys(others))
            self.sql: str = expanded.statement
            positions = expanded.positiontup
        else:
            self.sql = compiled.string
            positions = compiled.positiontup
        processors: dict[str, Callable[[Any], Any]] = compiled._bind_processors
        defaults = {column.key: column.default for column in compiled.insert_prefetch}
        defaults.update({column.key: column.onupdate for column in compiled.update_prefetch})
        self.constants: dict[str, Any] = {}
        self.sources: list[tuple[str, bool, Any, Callable[[Any], Any] | None]] = []
        for bind, name in compiled.bind_names.items():
            if name in inlined:
                continue
            processor = processors.get(name)
            if bind.key in keys:
                self.sources.append((name, True, bind.key, processor))
            elif name in keys:
                self.sources.append((name, True, name, processor))
            elif bind.key in defaults:  # a Python-side column default, made per execution
                self.sources.append((name, False, defaults[bind.key], processor))
            elif bind.required:
                raise ValueError(f"parameter {bind.key!r} is required by {self.sql!r}")
            else:  # a literal of the statement
                value = bind.effective_value
                self.constants[name] = processor(value) if processor else value
        names = tuple(positions or ()) if compiled.positional else None
        self.names = names
        # values dict -> the positional tuple (itemgetter of one name gives a bare value)
        self.ordered: Callable[[dict[str, Any]], Any] | None = (
            None
            if not names
            else itemgetter(*names)
            if len(names) > 1
            else lambda values: (values[names[0]],)
        )
        self.result_processors = [
            (index, processor)
            for index, column in enumerate(compiled._result_columns)
            if (processor := column.type._cached_result_processor(dialect, None)) is not None
        ]

    def bind(self, params: Params) -> Any:
        values = dict(self.constants)
        for name, given, source, processor in self.sources:
            if given:
                value = params[source]
            else:
                value = source.arg(None) if source.is_callable else source.arg
            values[name] = processor(value) if processor is not None else value
        if self.names is None:  # named parameters (psycopg)
            return values
        return self.ordered(values) if self.ordered is not None else ()

    def convert(self, rows: list[Any]) -> list[tuple[Any, ...]]:
        if not self.result_processors:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for index, processor in self.result_processors:
                values[index] = processor(values[index])
            converted.append(tuple(values))
        return converted


class Prepared:
    """A Core statement run on the driver's cursor (module docstring)."""

    __slots__ = ("_forms", "statement")

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._forms: dict[tuple[Any, ...], _Form] = {}

    def _form(self, dialect: Dialect, keys: tuple[str, ...], many: bool) -> _Form:
        key = (dialect.name, dialect.server_version_info, keys, many)
        form = self._forms.get(key)
        if form is None:
            form = self._forms[key] = _Form(self.statement, dialect, keys, many)
        return form

    def execute(self, session: Session | Connection, params: Params) -> Result:
        """Run the statement with ``params`` (bind name → value) in the session's
        transaction."""
        target = _target(session)
        form = self._form(target.dialect, tuple(params), False)
        return _run(target, form, form.bind(params), many=False)

    def execute_many(self, session: Session | Connection, rows: Sequence[Params]) -> None:
        """Run the statement once per row (``executemany``); rows share their keys."""
        if not rows:
            return
        if len(rows) == 1:
            self.execute(session, rows[0])
            return
        keys = tuple(rows[0])
        if any(tuple(row) != keys for row in rows):  # one form per set of keys
            for row in rows:
                self.execute(session, row)
            return
        target = _target(session)
        form = self._form(target.dialect, keys, True)
        _run(target, form, [form.bind(row) for row in rows], many=True)


class Target:
    """Where prepared statements run: a connection, its driver connection and the
    engine's cursor listeners as they were when it was made. A unit of work of the group
    commit keeps one for all its statements (``statement_target``)."""

    __slots__ = ("after", "before", "connection", "dialect", "driver")

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        driver = connection.connection.driver_connection
        assert driver is not None  # a connection checked out of the pool
        self.driver = driver
        dispatch = connection.dispatch
        self.before = tuple(dispatch.before_cursor_execute)
        self.after = tuple(dispatch.after_cursor_execute)


def _with_literals(statement: Any) -> Any:
    """The statement with the values it carries (``status == "active"``, ``LIMIT 1``)
    marked to be rendered into its text instead of bound: SQLite prepares a statement
    again at every execution when a bound value is compared with a column of a partial
    index's WHERE clause (``uq_enrollments_one_active … WHERE status = 'active'``), which
    cost the burst's SELECT ten times its run."""

    def literal(element: Any, **_kw: Any) -> Any:
        carried = isinstance(element, BindParameter) and not element.required
        if carried and not element.expanding and element.value is not None:
            return element.render_literal_execute()
        return None

    return visitors.replacement_traverse(statement, {}, literal)


def _target(session: Session | Connection) -> Target:
    if isinstance(session, Connection):
        return Target(session)
    kept: Target | bool | None = getattr(session, "statement_target", False)
    if isinstance(kept, Target):
        return kept
    target = Target(session.connection())
    if kept is None:  # a unit of the group commit: it keeps it
        setattr(session, "statement_target", target)  # noqa: B010
    return target


def _run(target: Target, form: _Form, parameters: Any, *, many: bool) -> Result:
    cursor = target.driver.cursor()
    sql = form.sql
    try:
        for listener in target.before:
            listener(target.connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = form.convert(cursor.fetchall()) if cursor.description is not None else []
        for listener in target.after:
            listener(target.connection, cursor, sql, parameters, None, many)
        return Result(rows, cursor.rowcount)
    except target.dialect.loaded_dbapi.Error as error:
        raise exc.DBAPIError.instance(
            sql, parameters, error, target.dialect.loaded_dbapi.Error, dialect=target.dialect
        ) from error
    finally:
        cursor.close()


ADVISORY_LOCK = Prepared(text("SELECT pg_advisory_xact_lock(:key)"))
"""A transaction-scoped PostgreSQL advisory lock on the ``key`` parameter (a bigint)."""

__all__ = ["ADVISORY_LOCK", "Prepared", "Result", "Target"]
