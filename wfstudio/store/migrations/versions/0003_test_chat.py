"""Test runs of drafts in the in-app test chat: test sessions, test snapshots of a draft
(``workflow_versions.is_test``) and the test contact marker (``contacts.is_test``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workflow_versions") as batch:
        batch.add_column(
            sa.Column("is_test", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(
            sa.Column("is_test", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "test_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("channel_key", sa.String(), nullable=False),
        sa.Column("variables", JSON, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflows.id"],
            name=op.f("fk_test_sessions_workflow_id_workflows"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_test_sessions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["workflow_versions.id"],
            name=op.f("fk_test_sessions_version_id_workflow_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_test_sessions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_sessions")),
        sa.UniqueConstraint("code", name=op.f("uq_test_sessions_code")),
    )
    op.create_index(
        op.f("ix_test_sessions_contact_id"), "test_sessions", ["contact_id"], unique=False
    )
    op.create_index(
        op.f("ix_test_sessions_workflow_id_ended_at"),
        "test_sessions",
        ["workflow_id", "ended_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_test_sessions_workflow_id_ended_at"), table_name="test_sessions")
    op.drop_index(op.f("ix_test_sessions_contact_id"), table_name="test_sessions")
    op.drop_table("test_sessions")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("is_test")
    with op.batch_alter_table("workflow_versions") as batch:
        batch.drop_column("is_test")
