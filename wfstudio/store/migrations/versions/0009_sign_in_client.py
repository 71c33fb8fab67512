"""sign_in_failures: the client address of each failure, and failures without an email.

Failures are limited per client address as well as per email (so trying one password on
many emails is slowed down too); a malformed request without a usable email still counts
for its address.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.alter_column("email", existing_type=sa.String(), nullable=True)
        batch.add_column(sa.Column("client", sa.String(), nullable=True))
    op.create_index(
        op.f("ix_sign_in_failures_client_failed_at"), "sign_in_failures", ["client", "failed_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_failures_client_failed_at"), table_name="sign_in_failures")
    op.execute("DELETE FROM sign_in_failures WHERE email IS NULL")
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.drop_column("client")
        batch.alter_column("email", existing_type=sa.String(), nullable=False)
