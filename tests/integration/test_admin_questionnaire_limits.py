"""The administrator's questionnaires page refuses files that would exhaust
the server, each with its one-line problem, and loads none of them: a
"billion laughs" file, 5,000-deep nesting, a file over 1 MB, and a themes
file outside the questionnaires folder (penetration test, issue 10, item 11).
The folder need not be called "questionnaires": its archive/ may still name
../themes/."""

from __future__ import annotations

import shutil

import pytest

from selfassess.data import versions
from tests import factories
from tests.integration.test_admin_questionnaires import FILE, file_item, load
from tests.pages import page
from tests.unit.test_yaml_limits import billion_laughs, deeply_nested


@pytest.fixture
def folder(app, tmp_path):
    """A questionnaires folder under another name, with the real questionnaire,
    its themes, and an archived copy that names ../themes/ as the real archive does."""
    made = tmp_path / "served"
    made.mkdir()
    shutil.copy(factories.QUESTIONNAIRE, made / FILE)
    shutil.copytree(factories.QUESTIONNAIRE.parent / "themes", made / "themes")
    shutil.copytree(factories.QUESTIONNAIRE.parent / "archive", made / "archive")
    app.config["QUESTIONNAIRES_DIR"] = str(made)
    return made


def escaping(folder, reference: str) -> str:
    text = (folder / FILE).read_text()
    assert "themes: themes/siscc-study.yaml\n" in text
    return text.replace("themes: themes/siscc-study.yaml\n", f"themes: {reference}\n", 1)


CASES = {
    "bomb.yaml": (lambda folder: billion_laughs(), "bomb.yaml:5: a4: aliases expand to more than 100,000 values"),
    "deep.yaml": (lambda folder: deeply_nested(5000), "deep.yaml:1: nested more than 50 levels deep"),
    "big.yaml": (lambda folder: "#" * 1_000_001, "big.yaml: larger than 1 MB"),
    "passwd.yaml": (
        lambda folder: escaping(folder, "/etc/passwd"),
        "themes: the study themes file must be inside the questionnaires folder, and /etc/passwd is not",
    ),
    "dotdot.yaml": (
        lambda folder: escaping(folder, "../../etc/passwd"),
        "themes: the study themes file must be inside the questionnaires folder, and ../../etc/passwd is not",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_page_refuses_the_file_in_one_line_and_loads_nothing(client, admin, folder, name):
    text, expected = CASES[name]
    (folder / name).write_text(text(folder))
    item = file_item(page(client, "/admin/questionnaires"), name)
    (problem,) = [li.get_text(" ", strip=True) for li in item.find("ul").find_all("li")]
    assert problem.startswith(name)
    assert expected in problem
    assert str(folder) not in problem and "Traceback" not in problem
    assert item.find("form") is None
    load(client, name)
    assert f"{name} has problems, so it was not loaded" in page(client, "/admin/questionnaires").text()
    assert versions.all_versions() == []


def test_a_file_whose_themes_are_in_a_sibling_folder_still_loads(client, admin, folder):
    """The folder given is the root, whatever it is called: archive/ may name ../themes/."""
    version, new = versions.load_file(folder / "archive" / "co-production-maturity-1.0.0.yaml", folder)
    assert new and version.version == "1.0.0"
