"""Persistence: SQLModel tables, engine and session setup, migrations, repository functions.

Modules: :mod:`.db` (URL, engine, sessions, ``migrate``), :mod:`.tables` (the tables),
``repo_*`` (keyword-only query functions that take the session and never commit).
"""
