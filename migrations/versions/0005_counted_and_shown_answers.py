"""counted and shown copies of answers

A submitted response keeps counting, exactly as submitted, until its owner
submits again (a copy made at submission: ``counted_*``), and results show
the copy released when the round last closed (``shown_*``), so that nothing
a lead does between two views of the results can isolate one person.

Existing data: every submitted response's answers are copied to both, and
every closed round counts as released when it closed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VALUES = "('1','2','3','4','5','6','7','8','9','dont_know','na')"


def upgrade():
    with op.batch_alter_table("round") as batch:
        batch.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("counted_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("counted_perspective", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("shown_perspective", sa.String(length=40), nullable=True))
    with op.batch_alter_table("answer") as batch:
        batch.add_column(sa.Column("counted_value", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("counted_evidence", sa.Text(), nullable=True))
        batch.add_column(sa.Column("shown_value", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("shown_evidence", sa.Text(), nullable=True))
        batch.create_check_constraint(op.f("ck_answer_counted_value"), f"counted_value IS NULL OR counted_value IN {VALUES}")
        batch.create_check_constraint(op.f("ck_answer_shown_value"), f"shown_value IS NULL OR shown_value IN {VALUES}")
    op.execute(
        "UPDATE response SET counted_at = submitted_at, counted_perspective = perspective "
        "WHERE status = 'submitted'"
    )
    op.execute(
        "UPDATE answer SET counted_value = value, counted_evidence = evidence "
        "WHERE response_id IN (SELECT id FROM response WHERE status = 'submitted')"
    )
    op.execute("UPDATE round SET released_at = closed_at WHERE status = 'closed'")
    op.execute(
        "UPDATE response SET shown_perspective = counted_perspective "
        "WHERE round_id IN (SELECT id FROM round WHERE released_at IS NOT NULL)"
    )
    op.execute(
        "UPDATE answer SET shown_value = counted_value, shown_evidence = counted_evidence "
        "WHERE response_id IN (SELECT r.id FROM response r JOIN round ON round.id = r.round_id "
        "WHERE round.released_at IS NOT NULL)"
    )


def downgrade():
    with op.batch_alter_table("answer") as batch:
        batch.drop_constraint(op.f("ck_answer_shown_value"), type_="check")
        batch.drop_constraint(op.f("ck_answer_counted_value"), type_="check")
        batch.drop_column("shown_evidence")
        batch.drop_column("shown_value")
        batch.drop_column("counted_evidence")
        batch.drop_column("counted_value")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("shown_perspective")
        batch.drop_column("counted_perspective")
        batch.drop_column("counted_at")
    with op.batch_alter_table("round") as batch:
        batch.drop_column("released_at")
