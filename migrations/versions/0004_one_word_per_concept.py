"""one word per concept: the account and round tables, and domain for what was a section

Renames the tables ``user_account`` to ``account`` and ``assessment_round``
to ``round``, the columns ``user_id`` to ``account_id``,
``response.last_section`` to ``last_domain`` and ``pending_save.section`` to
``domain_id``, and every constraint and index whose name carries an old
name, so that names keep following the naming convention in
``selfassess/data/base.py``.

On SQLite a table whose constraints change is copied afresh (Alembic's batch
mode); ``migrations/env.py`` turns foreign key checks off while migrating and
checks every reference afterwards.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = {"user_account": "account", "assessment_round": "round"}
COLUMNS = {
    "membership": {"user_id": "account_id"},
    "adviser_assignment": {"user_id": "account_id"},
    "invitation": {"user_id": "account_id"},
    "response": {"last_section": "last_domain"},
    "pending_save": {"section": "domain_id"},
}
# Parts of constraint and index names, old to new ("user_account" before "user_id").
NAME_PARTS = (("user_account", "account"), ("assessment_round", "round"), ("user_id", "account_id"))


def upgrade():
    for old, new in TABLES.items():
        op.rename_table(old, new)
    _rename_inside_tables(COLUMNS, NAME_PARTS)


def downgrade():
    reverse_columns = {
        TABLES.get(table, table): {new: old for old, new in columns.items()} for table, columns in COLUMNS.items()
    }
    reverse_parts = tuple((new, old) for old, new in reversed(NAME_PARTS))
    _rename_inside_tables(reverse_columns, reverse_parts)
    for old, new in TABLES.items():
        op.rename_table(new, old)


def _renamed(name, parts):
    for old, new in parts:
        name = name.replace(old, new)
    return name


def _rename_inside_tables(columns, parts):
    """One table at a time: its columns, then every constraint and index named
    after something renamed. In two steps, because SQLite's copy of a table
    loses a constraint that names a column renamed in the same step."""
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        renames = columns.get(table, {})
        found = _named_after_renamed(inspector, table, renames, parts, sqlite=bind.dialect.name == "sqlite")
        if not (renames or any(found.values())):
            continue
        with op.batch_alter_table(table) as batch:
            _drop(batch, found)
            for old, new in renames.items():
                batch.alter_column(old, new_column_name=new)
        with op.batch_alter_table(table) as batch:
            _create(batch, found, renames, parts)
        for index in found["indexes"]:
            new_columns = [renames.get(name, name) for name in index["column_names"]]
            op.create_index(op.f(_renamed(index["name"], parts)), table, new_columns, unique=index["unique"])
        if bind.dialect.name == "postgresql":
            _rename_postgresql_primary_key(bind, table, parts)


def _named_after_renamed(inspector, table, renames, parts, *, sqlite):
    def changes(item):
        named = item.get("column_names") or item.get("constrained_columns") or []
        return bool(item.get("name")) and (
            _renamed(item["name"], parts) != item["name"] or any(c in renames for c in named)
        )

    primary_key = inspector.get_pk_constraint(table)
    return {
        "foreign_keys": [fk for fk in inspector.get_foreign_keys(table) if changes(fk)],
        "uniques": [uq for uq in inspector.get_unique_constraints(table) if changes(uq)],
        # An index that belongs to a unique constraint goes with the constraint.
        "indexes": [ix for ix in inspector.get_indexes(table) if changes(ix) and not ix.get("duplicates_constraint")],
        "checks": [ck for ck in inspector.get_check_constraints(table) if changes(ck)],
        # PostgreSQL cannot drop a primary key that foreign keys depend on: renamed in place there.
        "primary_keys": [primary_key] if sqlite and changes(primary_key) else [],
    }


def _drop(batch, found):
    for index in found["indexes"]:
        batch.drop_index(op.f(index["name"]))
    for kind, type_ in (("uniques", "unique"), ("foreign_keys", "foreignkey"), ("checks", "check")):
        for item in found[kind]:
            batch.drop_constraint(op.f(item["name"]), type_=type_)
    for primary_key in found["primary_keys"]:
        batch.drop_constraint(op.f(primary_key["name"]), type_="primary")


def _create(batch, found, renames, parts):
    def columns(names):
        return [renames.get(name, name) for name in names]

    for fk in found["foreign_keys"]:
        batch.create_foreign_key(
            op.f(_renamed(fk["name"], parts)),
            fk["referred_table"],
            columns(fk["constrained_columns"]),
            fk["referred_columns"],
            ondelete=fk.get("options", {}).get("ondelete"),
        )
    for unique in found["uniques"]:
        batch.create_unique_constraint(op.f(_renamed(unique["name"], parts)), columns(unique["column_names"]))
    for check in found["checks"]:
        batch.create_check_constraint(op.f(_renamed(check["name"], parts)), check["sqltext"])
    for primary_key in found["primary_keys"]:
        batch.create_primary_key(op.f(_renamed(primary_key["name"], parts)), columns(primary_key["constrained_columns"]))


def _rename_postgresql_primary_key(bind, table, parts):
    rows = bind.execute(
        sa.text(
            "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE t.relname = :table AND c.contype = 'p'"
        ),
        {"table": table},
    ).scalars()
    for name in list(rows):
        new = _renamed(name, parts)
        if new != name:
            op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{name}" TO "{new}"')
