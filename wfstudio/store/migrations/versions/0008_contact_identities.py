"""contact_identities: an index of contacts.external_ids, kept by triggers.

An inbound message finds its contact by (workspace, channel key, external id). Reading
``external_ids[key]`` of every contact of the workspace made that lookup grow with the
number of contacts; this table answers it through its primary key. Triggers on
``contacts`` keep it in step with ``external_ids`` whoever writes the contact (ORM, Core,
another process), so the application never writes it.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "(workspace_id, channel_key, external_id, contact_id)"

# SQLite: json_each over the contact's JSON object; scalars only (as JSON_EXTRACT + CAST
# compared them before).
_SQLITE_ROWS = (
    "SELECT {c}.workspace_id, j.key, CAST(j.value AS TEXT), {c}.id "
    "FROM json_each({c}.external_ids) AS j "
    "WHERE j.value IS NOT NULL AND j.type NOT IN ('object', 'array')"
)
_SQLITE = [
    f"""CREATE TRIGGER contact_identities_on_insert AFTER INSERT ON contacts
    BEGIN
        INSERT OR IGNORE INTO contact_identities {_COLUMNS} {_SQLITE_ROWS.format(c="NEW")};
    END""",
    f"""CREATE TRIGGER contact_identities_on_update
    AFTER UPDATE OF external_ids, workspace_id ON contacts
    BEGIN
        DELETE FROM contact_identities WHERE contact_id = OLD.id;
        INSERT OR IGNORE INTO contact_identities {_COLUMNS} {_SQLITE_ROWS.format(c="NEW")};
    END""",
]
_SQLITE_BACKFILL = (
    f"INSERT OR IGNORE INTO contact_identities {_COLUMNS} "
    "SELECT c.workspace_id, j.key, CAST(j.value AS TEXT), c.id "
    "FROM contacts AS c, json_each(c.external_ids) AS j "
    "WHERE j.value IS NOT NULL AND j.type NOT IN ('object', 'array')"
)

# PostgreSQL: jsonb_each_text (what ``->>`` compared before).
_PG = [
    f"""CREATE FUNCTION contact_identities_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            DELETE FROM contact_identities WHERE contact_id = OLD.id;
        END IF;
        IF jsonb_typeof(NEW.external_ids) = 'object' THEN
            INSERT INTO contact_identities {_COLUMNS}
            SELECT NEW.workspace_id, e.key, e.value, NEW.id
            FROM jsonb_each_text(NEW.external_ids) AS e
            WHERE e.value IS NOT NULL
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER contact_identities_on_insert AFTER INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION contact_identities_sync()""",
    """CREATE TRIGGER contact_identities_on_update
    AFTER UPDATE OF external_ids, workspace_id ON contacts
    FOR EACH ROW EXECUTE FUNCTION contact_identities_sync()""",
]
_PG_BACKFILL = (
    f"INSERT INTO contact_identities {_COLUMNS} "
    "SELECT c.workspace_id, e.key, e.value, c.id FROM contacts AS c, "
    "jsonb_each_text(CASE WHEN jsonb_typeof(c.external_ids) = 'object' "
    "THEN c.external_ids ELSE '{}'::jsonb END) AS e "
    "WHERE e.value IS NOT NULL ON CONFLICT DO NOTHING"
)


def upgrade() -> None:
    op.create_table(
        "contact_identities",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("channel_key", sa.String(), nullable=False),
        sa.Column("external_id", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_identities_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_identities_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "channel_key",
            "external_id",
            "contact_id",
            name=op.f("pk_contact_identities"),
        ),
    )
    op.create_index(op.f("ix_contact_identities_contact_id"), "contact_identities", ["contact_id"])
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _PG if postgres else _SQLITE:
        op.execute(statement)
    op.execute(_PG_BACKFILL if postgres else _SQLITE_BACKFILL)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    on_contacts = " ON contacts" if postgres else ""
    for trigger in ("contact_identities_on_insert", "contact_identities_on_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}{on_contacts}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS contact_identities_sync()")
    op.drop_index(op.f("ix_contact_identities_contact_id"), table_name="contact_identities")
    op.drop_table("contact_identities")
