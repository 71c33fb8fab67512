"""Round robin by last assignment time; contacts' ids on their channels.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_assigned_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(
            sa.Column("external_ids", JSON, nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("external_ids")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_assigned_at")
