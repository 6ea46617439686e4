"""Load the 31 Health and Social Care Partnerships as reference data.

Revision ID: 0002
Revises: 0001
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Scotland's 31 Health and Social Care Partnerships (docs: PRODUCT.md).
# Clackmannanshire and Stirling share one partnership.
PARTNERSHIPS = [
    "Aberdeen City",
    "Aberdeenshire",
    "Angus",
    "Argyll and Bute",
    "City of Edinburgh",
    "Clackmannanshire and Stirling",
    "Dumfries and Galloway",
    "Dundee City",
    "East Ayrshire",
    "East Dunbartonshire",
    "East Lothian",
    "East Renfrewshire",
    "Falkirk",
    "Fife",
    "Glasgow City",
    "Highland",
    "Inverclyde",
    "Midlothian",
    "Moray",
    "North Ayrshire",
    "North Lanarkshire",
    "Orkney",
    "Perth and Kinross",
    "Renfrewshire",
    "Scottish Borders",
    "Shetland Islands",
    "South Ayrshire",
    "South Lanarkshire",
    "West Dunbartonshire",
    "West Lothian",
    "Western Isles (Comhairle nan Eilean Siar)",
]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def upgrade():
    partnership = sa.table(
        "partnership",
        sa.column("name", sa.String),
        sa.column("slug", sa.String),
        sa.column("created_at_utc", sa.DateTime),
        sa.column("updated_at_utc", sa.DateTime),
    )
    now = sa.func.current_timestamp()
    connection = op.get_bind()
    existing = {row[0] for row in connection.execute(sa.text("SELECT name FROM partnership"))}
    for name in PARTNERSHIPS:
        if name not in existing:
            op.execute(
                partnership.insert().values(name=name, slug=_slug(name), created_at_utc=now, updated_at_utc=now)
            )


def downgrade():
    partnership = sa.table("partnership", sa.column("name", sa.String))
    op.execute(partnership.delete().where(partnership.c.name.in_(PARTNERSHIPS)))
