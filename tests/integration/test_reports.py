"""The PDF report, its exports and the adviser's ZIP, read back as a reader would."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import time
import zipfile

import pikepdf
from pypdf import PdfReader

from selfassess.data import agreed, audit
from selfassess.data.base import db
from tests import factories
from tests.db import selfassess_command
from tests.integration.results_helpers import archived, archived_version, round_on, unwrapped
from tests.signing_in import csrf_token, sign_in
from tests.study import study_text

# Partnerships that are not among the areas the study visited (the study's own
# list may be cited), used as peers whose names must never appear.
PEERS = ["Angus", "Highland", "Moray", "Orkney", "Falkirk"]
SECTIONS = [
    "1. Summary",
    "2. Domains",
    "3. Perspectives",
    "4. The study's themes",
    "5. Change since the previous round",
    "6. Other partnerships",
    "7. Action plan",
    "8. Appendix: how the scores are worked out",
]


def fixed_round():
    """Fife, on questionnaire 1.0.0 (results_helpers.py says why), four
    respondents: NHS all 2s and all 3s, lived experience all 4s, third sector
    all 3s; but in evaluation the person with lived experience said "Don't
    know" to every question and the third sector person said 2. The person
    with lived experience said "Not applicable" to "Spreading what works". The
    lead agreed level 1 for "A shared meaning of co-production" (weight 2).

    Worked by hand with scoring method 2: every question's levels are 2, 3, 3
    and 4, majority level 3 (more than half reach 3, not 4); "Spreading what
    works" has 2, 3, 3 and one "Not applicable", which does not outnumber the
    levels, so it scores 3 too. Evaluation's levels are 2, 3 and 2 (the "Don't
    know" abstains; 3 levels are enough), majority level 2. Leadership has
    weights 2, 1, 2, 1, 1, 1 = 8: (1 x 2 + 3 x 6) / 8 = 2.50, exactly on the
    boundary, so Developing (method 1 said Established). Capacity, systems and
    culture 3.00, Established; evaluation 2.00, Developing. Overall
    (2.5 + 3 + 3 + 3 + 2) / 5 = 2.70, Established.
    """
    lead = factories.lead("lead@example.org")
    round_ = round_on(archived_version())
    q = archived()
    factories.response(
        round_,
        factories.all_answers(2, q),
        perspective="nhs",
        evidence={"culture.trusted-partnering": "The carers forum sets its own agenda."},
    )
    factories.response(round_, factories.all_answers(3, q), perspective="nhs")
    factories.response(round_, factories.all_answers(lived_experience_answer, q), perspective="lived_experience")
    factories.response(
        round_,
        factories.all_answers(lambda i: 2 if i.startswith("evaluation.") else 3, q),
        perspective="third_sector",
    )
    agreed.record(round_, "leadership.shared-meaning", "1", "We agreed we have no written meaning yet.", lead)
    db.session.commit()
    return round_


def lived_experience_answer(indicator_id: str) -> object:
    if indicator_id.startswith("evaluation."):
        return "dont_know"
    return "na" if indicator_id == "systems.spreading-what-works" else 4


def peers():
    for index, name in enumerate(PEERS):
        peer = round_on(archived_version(), name, title="Peer round")
        for level in (1 + index % 3, 2 + index % 2, 3):
            factories.response(peer, factories.all_answers(level, archived()), perspective="community")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_report_reads_back_with_every_section_and_hand_worked_scores(app, client):
    round_ = fixed_round()
    peers()
    sign_in(client, "lead@example.org")
    response = client.get(f"/rounds/{round_.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)

    for heading in SECTIONS:
        assert heading in text, heading
    assert "Fife" in text and round_.title in text
    # Hand-worked numbers (docstring of fixed_round), as the reader sees them.
    assert "Overall stage: Established, with a score of 2.70 out of 4." in text
    assert "Scored by scoring method 2." in text
    for domain, score, stage in [
        ("Leadership", "2.50", "Developing"),  # on the boundary: the lower level
        ("Capacity and resources", "3.00", "Established"),
        ("Evaluation and learning", "2.00", "Developing"),
    ]:
        assert re.search(rf"{domain}: {score}, {stage}", text), domain
    assert not re.search(r"Leadership: 2.50, Established", text)
    # Priorities: the agreed 1, then evaluation's 2s, the heavier "difference made" first; each
    # with its stage and the question's own words for that level.
    q, places = archived(), []
    for indicator_id, score, level, label in [
        ("leadership.shared-meaning", "1.00", 1, "Not yet in place"),
        ("evaluation.difference-made", "2.00", 2, "Developing"),
        ("evaluation.capacity-to-evaluate", "2.00", 2, "Developing"),
    ]:
        indicator = q.indicator(indicator_id)
        domain = next(d.title for d in q.domains if d.id == indicator.domain_id)
        line = f"“{indicator.title}” ({domain}) scored {score}, {label}: {indicator.levels[level]}"
        assert unwrapped(line) in unwrapped(text), indicator_id
        places.append(unwrapped(text).index(unwrapped(line)))
    assert places == sorted(places)
    assert "We agreed we have no written meaning yet." in text  # the agreed level's reason
    assert "The carers forum sets its own agenda." in text  # evidence, without a name
    # Peers: 5 other partnerships contribute, so the comparison is shown, unnamed.
    assert "the 5 other partnerships" in text
    for name in PEERS:
        assert name not in text, f"{name} is named in the report"
    # Perspectives: 2 NHS, 1 lived experience and 1 third sector: all too small, so "other perspectives" (4).
    assert "Other perspectives 4" in text  # who answered: one combined group
    assert "Only one group (Other perspectives, 4 people)" in text
    assert "lead@example.org" not in text
    # The summary is one page: its heading and its priorities on the same page, domains from the next.
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(response.data)).pages]
    summary = next(i for i, page in enumerate(pages) if page.lstrip().startswith("1. Summary"))
    assert "Priorities" in pages[summary] and "Who answered" in pages[summary]
    assert pages[summary + 1].lstrip().startswith("2. Domains")


def test_every_quote_in_the_report_is_the_study_verbatim(app, client):
    study = study_text()
    round_ = fixed_round()
    sign_in(client, "lead@example.org")
    text = pdf_text(client.get(f"/rounds/{round_.id}/report.pdf").data)
    quotes = re.findall(r"“(.+?)”", text)
    assert len(quotes) >= 8
    for quote in quotes:
        if len(quote) < 60:
            continue  # short quoted titles of questions, not the study's words
        for fragment in quote.split("..."):
            fragment = fragment.strip(" .,")
            if len(fragment) > 15:
                assert fragment in study, fragment[:80]


def walk(node, found):
    kind = str(node.get("/S", ""))
    if kind:
        found.append((kind, node))
    kids = node.get("/K")
    if kids is None:
        return
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid, found)
    elif isinstance(kids, pikepdf.Dictionary):
        walk(kids, found)


def test_the_report_is_a_tagged_pdf_ua_document(app, client):
    round_ = fixed_round()
    sign_in(client, "lead@example.org")
    data = client.get(f"/rounds/{round_.id}/report.pdf").data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        info = pdf.docinfo
        assert "Fife" in str(info.Title)
        assert str(info.Author) and str(info.Subject)
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
        elements: list = []
        walk(root.StructTreeRoot, elements)
        kinds = [kind for kind, _ in elements]
        figures = [node for kind, node in elements if kind == "/Figure"]
        assert len(figures) == 6  # the radar and one chart per domain (one perspective group: no second radar)
        for figure in figures:
            assert len(str(figure.get("/Alt", ""))) > 20, "a chart without alternative text"
        headings = [int(kind[2]) for kind in kinds if re.fullmatch(r"/H[1-6]", kind)]
        assert headings[0] == 1
        for before, after in itertools.pairwise(headings):
            assert after <= before + 1, f"heading level jumps from {before} to {after}"
        tables = [node for kind, node in elements if kind == "/Table"]
        assert tables
        for table in tables:
            inside: list = []
            walk(table, inside)
            assert any(kind == "/TH" for kind, _ in inside), "a table without header cells"
        for font in (f for page in pdf.pages for f in page.Resources.get("/Font", {}).values()):
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "a font is not embedded"


def test_reports_follow_the_results_access_rules_and_are_audited(app, client):
    round_ = fixed_round()
    factories.member(factories.account("respondent@example.org"), "Fife", "nhs")
    factories.lead("dundee.lead@example.org", "Dundee City")
    factories.adviser("fife.adviser@example.org", ["Fife"])
    factories.adviser("angus.adviser@example.org", ["Angus"])
    urls = [f"/rounds/{round_.id}/report.pdf", f"/rounds/{round_.id}/results.csv", f"/rounds/{round_.id}/results.json"]
    for email in ("respondent@example.org", "dundee.lead@example.org", "angus.adviser@example.org"):
        other = app.test_client()
        sign_in(other, email)
        for url in urls:
            assert other.get(url).status_code == 404, (email, url)
    anonymous = app.test_client()
    assert anonymous.get(urls[0]).status_code == 302
    sign_in(client, "fife.adviser@example.org")
    assert client.get(urls[0]).status_code == 200
    db.session.expire_all()
    actions = [e.action for e in audit.events()]
    assert actions.count("downloaded report") == 1


def test_exports_have_scores_only_with_the_small_numbers_rule(app, client):
    round_ = fixed_round()
    sign_in(client, "lead@example.org")
    data = json.loads(client.get(f"/rounds/{round_.id}/results.json").data)
    body = data["results"]
    assert data["scoring_method"] == "scoring method 2"
    assert body["overall"]["score"] == "2.70"
    assert {d["id"]: (d["score"], d["stage"]) for d in body["domains"]}["leadership"] == ("2.50", "Developing")
    assert [p["group"] for p in body["perspectives"]] == ["other"]
    counts = {i["id"]: (i["score"], i["n"], i["n_na"], i["n_dont_know"]) for i in body["indicators"]}
    assert counts["systems.spreading-what-works"] == ("3.00", 3, 1, 0)  # one "Not applicable" against 3 levels
    assert counts["evaluation.difference-made"] == ("2.00", 3, 0, 1)  # one "Don't know", which abstains
    assert "@" not in json.dumps(data)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{round_.id}/results.csv").data.decode())))
    overall = next(r for r in rows if r["level"] == "overall")
    assert overall["score"] == "2.70" and overall["stage"] == "Established"
    assert {r["scoring_method"] for r in rows} == {"scoring method 2"}
    assert not any(r["group"] in ("nhs", "lived_experience", "third_sector") for r in rows)


def test_report_command_writes_the_pdf(app, tmp_path):
    round_ = fixed_round()
    target = tmp_path / "fife.pdf"
    result = selfassess_command(
        "report",
        str(round_.id),
        "-o",
        str(target),
        env={
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SELFASSESS_SECRET_KEY": "x",
            "SELFASSESS_ENV": "test",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "with a score of 2.70 out of 4" in pdf_text(target.read_bytes())
    missing = selfassess_command(
        "report",
        "999999",
        "-o",
        str(tmp_path / "none.pdf"),
        env={
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SELFASSESS_SECRET_KEY": "x",
            "SELFASSESS_ENV": "test",
        },
    )
    assert missing.returncode == 2 and "no round 999999" in missing.stderr and "Traceback" not in missing.stderr


def test_an_adviser_downloads_all_reports_as_a_zip(app, client):
    fixed_round()
    peers()
    factories.adviser("adviser@example.org", ["Fife", "Angus", "Highland"])
    sign_in(client, "adviser@example.org")
    token = csrf_token(client, "/adviser/reports")
    assert client.post("/adviser/reports", data={"csrf_token": token}).status_code == 302
    status = {}
    for _ in range(240):
        status = _latest_status(client)
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status["status"] == "done", status
    assert status["done"] == status["total"] == 3
    page_html = client.get("/adviser/reports").get_data(as_text=True)
    link = re.search(r'href="(/adviser/reports/\d+/download)"', page_html)[1]
    archive = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    names = sorted(archive.namelist())
    assert len(names) == 3 and all(n.endswith(".pdf") for n in names)
    assert "Highland" in pdf_text(archive.read(next(n for n in names if "highland" in n)))
    # Someone else's job is not theirs to see.
    factories.adviser("other.adviser@example.org", ["Fife"])
    other = app.test_client()
    sign_in(other, "other.adviser@example.org")
    assert other.get(link).status_code == 404


def _latest_status(client) -> dict:
    html = client.get("/adviser/reports").get_data(as_text=True)
    url = re.search(r'data-job-status="([^"]+)"', html)[1]
    return client.get(url).get_json()


def test_with_redis_the_zip_is_built_by_a_worker_from_the_queue(app, client):
    """With REDIS_URL set the job goes to an RQ queue and `selfassess worker`
    builds it; its progress and file are in the database for any worker."""
    import uuid

    from redis import Redis
    from rq import Queue, SimpleWorker

    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    app.config["RQ_QUEUE"] = f"selfassess-test-{uuid.uuid4().hex[:8]}"
    fixed_round()
    factories.adviser("adviser@example.org", ["Fife"])
    sign_in(client, "adviser@example.org")
    token = csrf_token(client, "/adviser/reports")
    client.post("/adviser/reports", data={"csrf_token": token})
    assert _latest_status(client)["status"] == "queued"  # nothing runs it in the web process
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(app.config["RQ_QUEUE"], connection=connection)
    assert queue.count == 1
    SimpleWorker([queue], connection=connection).work(burst=True)
    status = _latest_status(client)
    assert status["status"] == "done" and status["done"] == 1
    queue.delete(delete_jobs=True)


def test_the_report_and_the_web_page_show_the_same_numbers(app, client):
    """Both come from the scoring engine: every domain score shown on the
    results page appears, the same, in the report."""
    round_ = fixed_round()
    sign_in(client, "lead@example.org")
    web = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    table = web.split('id="domain-table"', 1)[1].split("</table>", 1)[0]
    shown = re.findall(r"<th scope=\"row\"><a href=\"#domain-[a-z]+\">([^<]+)</a></th>\s*<td>([0-9.]+)</td>", table)
    assert len(shown) == 5
    text = pdf_text(client.get(f"/rounds/{round_.id}/report.pdf").data)
    for title, score in shown:
        assert f"{title}: {score}," in text, (title, score)


def test_an_identical_chart_is_never_drawn_twice(app):
    from selfassess.reports import build, render

    round_ = fixed_round()
    build.report_pdf(round_)
    drawn = render.renders
    build.report_pdf(round_)
    assert render.renders == drawn, "the second report drew its charts again"
