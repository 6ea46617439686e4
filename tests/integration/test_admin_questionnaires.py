"""Questionnaire versions on the administrator's pages: stored versions, the
files in the questionnaires folder with their check results, and loading."""

from __future__ import annotations

import shutil

import pytest

from selfassess.data import audit, rounds, versions
from selfassess.data.base import db
from selfassess.questionnaire import load as read_questionnaire
from tests import factories
from tests.pages import page

FILE = "co-production-maturity.yaml"
# The real questionnaire's id and version, and the next minor version, which an edited copy takes.
QUESTIONNAIRE = read_questionnaire(factories.QUESTIONNAIRE)
MAJOR, MINOR, _PATCH = (int(n) for n in QUESTIONNAIRE.version.split("."))
NEXT_MINOR = f"{MAJOR}.{MINOR + 1}.0"
EDITED = f"{QUESTIONNAIRE.id}-{MAJOR}.{MINOR + 1}.yaml"


@pytest.fixture
def folder(app, tmp_path):
    """A questionnaires folder of our own: a copy of the real questionnaire and its themes."""
    made = tmp_path / "questionnaires"
    made.mkdir()
    shutil.copy(factories.QUESTIONNAIRE, made / FILE)
    shutil.copytree(factories.QUESTIONNAIRE.parent / "themes", made / "themes")
    app.config["QUESTIONNAIRES_DIR"] = str(made)
    return made


def broken_copy(folder, name: str = "broken.yaml"):
    """A copy without the questionnaire's title and with the first weight of 2 made 0."""
    text = (folder / FILE).read_text()
    text = text.replace(f"title: {QUESTIONNAIRE.title}\n", "", 1).replace("weight: 2", "weight: 0", 1)
    (folder / name).write_text(text)
    return folder / name


def line_of(path, found) -> int:
    """The number of the first line of the file for which found(line) is true."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if found(line))


def first_weight_of_2() -> str:
    """Where the first "weight: 2" in the file is: an indicator's (no domain weighs 2)."""
    assert all(d.weight != 2 for d in QUESTIONNAIRE.domains)
    return next(
        f"domains.{d}.indicators.{i}.weight"
        for d, domain in enumerate(QUESTIONNAIRE.domains)
        for i, indicator in enumerate(domain.indicators)
        if indicator.weight == 2
    )


def edited_copy(folder, name: str = EDITED):
    text = (folder / FILE).read_text()
    assert f"version: {QUESTIONNAIRE.version}\n" in text
    text = text.replace(f"version: {QUESTIONNAIRE.version}", f"version: {NEXT_MINOR}", 1).replace(
        f"title: {QUESTIONNAIRE.title}", f"title: {QUESTIONNAIRE.title} (revised)", 1
    )
    (folder / name).write_text(text)
    return folder / name


def file_item(listing, name: str):
    """The list item of one file on the page."""
    heading = next(h for h in listing.soup.find("main").find_all("h3") if h.get_text(strip=True) == name)
    return heading.find_parent("li")


def load(client, name: str, *, status: int = 302):
    token = page(client, "/admin/questionnaires").csrf_token()
    return page(
        client, "/admin/questionnaires/load", method="POST", data={"csrf_token": token, "name": name}, status=status
    )


def test_a_valid_file_can_be_loaded(client, admin, folder):
    listing = page(client, "/admin/questionnaires")
    assert "No version is stored yet" in listing.text()
    item = file_item(listing, FILE)
    assert "Not loaded yet" in item.get_text(" ", strip=True)
    form = item.find("form", method="post")
    assert form["action"] == "/admin/questionnaires/load"
    assert form.find("input", attrs={"name": "name"})["value"] == FILE

    load(client, FILE)
    (version,) = versions.all_versions()
    assert (version.questionnaire_id, version.version) == (QUESTIONNAIRE.id, QUESTIONNAIRE.version)
    event = audit.events()[0]
    assert event.action == "loaded questionnaire version"
    assert event.actor_id == admin.id

    listing = page(client, "/admin/questionnaires")
    text = listing.text()
    assert f"Loaded {FILE} as {QUESTIONNAIRE.id} version {QUESTIONNAIRE.version}" in text
    assert f"{QUESTIONNAIRE.title}, version {QUESTIONNAIRE.version}" in text
    assert version.sha256[:12] in text
    assert "0 rounds" in text
    item = file_item(listing, FILE)
    assert "Loaded" in item.get_text(" ", strip=True)
    assert item.find("form") is None


def test_loading_identical_files_again_says_it_is_already_loaded(client, admin, folder):
    load(client, FILE)
    shutil.copy(folder / FILE, folder / "same-again.yaml")
    listing = page(client, "/admin/questionnaires")
    assert file_item(listing, "same-again.yaml").find("form") is None
    load(client, "same-again.yaml")
    assert len(versions.all_versions()) == 1
    assert (
        f"same-again.yaml is already loaded, as {QUESTIONNAIRE.id} version {QUESTIONNAIRE.version}"
        in page(client, "/admin/questionnaires").text()
    )
    assert [e.action for e in audit.events()].count("loaded questionnaire version") == 1


def test_an_invalid_file_shows_its_problems_and_loads_nothing(client, admin, folder):
    broken = broken_copy(folder)
    # A missing key is reported at the first line of the mapping it is missing
    # from (the first line that is not a comment); the weight at its own line.
    top = line_of(broken, lambda line: line.strip() and not line.startswith("#"))
    weight = line_of(broken, lambda line: line.strip() == "weight: 0")
    listing = page(client, "/admin/questionnaires")
    item = file_item(listing, "broken.yaml")
    problems = [li.get_text(strip=True) for li in item.find("ul").find_all("li")]
    assert problems == [
        f"broken.yaml:{top}: title: missing required key",
        f"broken.yaml:{weight}: {first_weight_of_2()}: weight must be a whole number of 1 or more (found 0)",
    ]
    assert str(folder) not in listing.html  # the server's own path is not shown
    assert item.find("form") is None
    assert "Has problems" in item.get_text(" ", strip=True)

    load(client, "broken.yaml")
    assert versions.all_versions() == []
    assert "broken.yaml has problems, so it was not loaded" in page(client, "/admin/questionnaires").text()
    assert "loaded questionnaire version" not in [e.action for e in audit.events()]


def test_a_problem_in_the_themes_file_is_shown(client, admin, folder):
    themes = folder / "themes" / "siscc-study.yaml"
    themes.write_text(themes.read_text() + "\nstudy: [\n")
    item = file_item(page(client, "/admin/questionnaires"), FILE)
    (problem,) = [li.get_text(strip=True) for li in item.find("ul").find_all("li")]
    assert problem.startswith("themes/siscc-study.yaml:")
    assert "not valid YAML" in problem


def test_a_themes_file_on_its_own_cannot_be_loaded(client, admin, folder):
    shutil.copy(folder / "themes" / "siscc-study.yaml", folder / "siscc-study.yaml")
    item = file_item(page(client, "/admin/questionnaires"), "siscc-study.yaml")
    assert item.find("form") is None
    assert "missing the path of the study themes file" in item.get_text(" ", strip=True)


def test_loading_an_edited_file_makes_a_new_version_and_keeps_old_rounds(client, admin, folder):
    round_ = factories.round_()  # opened on the stored copy of the same file
    first = round_.questionnaire_version
    listing = page(client, "/admin/questionnaires")
    assert file_item(listing, FILE).find("form") is None
    assert "1 round" in listing.text()

    edited_copy(folder)
    load(client, EDITED)
    db.session.expire_all()
    stored = versions.all_versions()
    assert len(stored) == 2
    assert versions.latest().version == NEXT_MINOR
    assert rounds.get(round_.id).questionnaire_version_id == first.id
    assert versions.get(first.id).title == QUESTIONNAIRE.title
    assert versions.rounds_per_version() == {first.id: 1}


def test_an_edited_file_with_the_same_version_number_is_flagged(client, admin, folder):
    load(client, FILE)
    text = (
        (folder / FILE).read_text().replace(f"title: {QUESTIONNAIRE.title}", f"title: Edited {QUESTIONNAIRE.title}", 1)
    )
    (folder / "edited.yaml").write_text(text)
    item = file_item(page(client, "/admin/questionnaires"), "edited.yaml")
    assert f"already has the number {QUESTIONNAIRE.version} but different text" in item.get_text(" ", strip=True)
    load(client, "edited.yaml")
    assert len(versions.all_versions()) == 2


@pytest.mark.parametrize(
    "name",
    [
        "../pyproject.toml",
        "../questionnaires/" + FILE,
        "themes/siscc-study.yaml",
        "/etc/passwd",
        "notes.txt",
        "missing.yaml",
        "",
    ],
)
def test_a_name_not_listed_in_the_folder_is_refused(client, admin, folder, name):
    (folder / "notes.txt").write_text("not a questionnaire")
    load(client, name, status=404)
    assert versions.all_versions() == []


def test_only_yaml_files_at_the_top_of_the_folder_are_listed(client, admin, folder):
    (folder / "notes.txt").write_text("not a questionnaire")
    (folder / "folder.yaml").mkdir()
    names = [h.get_text(strip=True) for h in page(client, "/admin/questionnaires").soup.find("main").find_all("h3")]
    assert names == [FILE]


def test_a_missing_folder_is_explained(app, client, admin, tmp_path):
    app.config["QUESTIONNAIRES_DIR"] = str(tmp_path / "nowhere")
    assert "The questionnaires folder is missing" in page(client, "/admin/questionnaires").text()
    load(client, FILE, status=404)
