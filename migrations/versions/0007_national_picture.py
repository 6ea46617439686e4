"""the national picture, and an audit log an administrator can filter

- ``account.is_national``: an adviser of a national body, who sees the
  published national picture (existing accounts: not).
- ``national_snapshot``: each published national picture, its figures kept
  as they were published (``docs/national.md``).
- an index on ``audit_event.action``, for the audit log's "kind of event"
  filter.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("is_national", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "national_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=80), nullable=False),
        sa.Column("major", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("contributing", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["account.id"], name=op.f("fk_national_snapshot_published_by_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_snapshot")),
    )
    op.create_index(op.f("ix_national_snapshot_published_at"), "national_snapshot", ["published_at"])
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"])


def downgrade():
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_index(op.f("ix_national_snapshot_published_at"), table_name="national_snapshot")
    op.drop_table("national_snapshot")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("is_national")
