"""the improvement cycle: reminders, workshop consent and action plans

- ``round.auto_reminders``: reminders go 7 and 2 days before the closing
  date unless the lead turns them off (existing rounds: on).
- ``reminder``: each reminder sent, at most one a day per invitation.
- ``response.workshop_consent``: the person agreed that their evidence
  notes may be shown, without their name, in the consensus workshop
  (existing responses: not agreed, so nothing is shown without consent);
  ``shown_workshop_consent`` is that consent as last released.
- ``action`` and ``action_comment``: a round's action plan, and the
  adviser's comments on it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 19:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUSES = ("not_started", "in_progress", "done", "dropped")


def upgrade():
    with op.batch_alter_table("round") as batch:
        batch.add_column(sa.Column("auto_reminders", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("workshop_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("shown_workshop_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitation.id"], name=op.f("fk_reminder_invitation_id_invitation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name=op.f("fk_reminder_round_id_round"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("invitation_id", "sent_on", name=op.f("uq_reminder_invitation_id_sent_on")),
    )
    op.create_index(op.f("ix_reminder_invitation_id"), "reminder", ["invitation_id"])
    op.create_index(op.f("ix_reminder_round_id"), "reminder", ["round_id"])
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="action_status", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name=op.f("fk_action_round_id_round"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    op.create_index(op.f("ix_action_round_id"), "action", ["round_id"])
    op.create_table(
        "action_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at_utc", sa.DateTime(), nullable=False),
        sa.Column("updated_at_utc", sa.DateTime(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_action_comment_action_id_action"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"], name=op.f("fk_action_comment_author_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_comment")),
    )
    op.create_index(op.f("ix_action_comment_action_id"), "action_comment", ["action_id"])


def downgrade():
    op.drop_index(op.f("ix_action_comment_action_id"), table_name="action_comment")
    op.drop_table("action_comment")
    op.drop_index(op.f("ix_action_round_id"), table_name="action")
    op.drop_table("action")
    op.drop_index(op.f("ix_reminder_round_id"), table_name="reminder")
    op.drop_index(op.f("ix_reminder_invitation_id"), table_name="reminder")
    op.drop_table("reminder")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("shown_workshop_consent")
        batch.drop_column("workshop_consent")
    with op.batch_alter_table("round") as batch:
        batch.drop_column("auto_reminders")
