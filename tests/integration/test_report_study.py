"""What is the study's and what is selfassess's, on the live questionnaire
and its themes file (issue 9, section 3): the About page and the PDF's study
section print every limitation of the study, every action says in words what
it rests on and whom it is for, and each theme's status reads right against
its kind: a barrier that is a gap "holds here".

Every expected sentence is made from the themes file and the words table of
selfassess/results/provenance.py, so a corrected quote or a new action needs
no change here; what is checked is that each one is printed, and how.
"""

from __future__ import annotations

from selfassess.reports.build import report_pdf
from selfassess.results import provenance
from tests import factories
from tests.integration.results_helpers import pdf_text, section, squash, unwrapped, without_footers
from tests.pages import page

# Three NHS respondents answer every question they are asked at level 2. Each
# theme's score is the mean of its answered questions' 2s: 2.00, at most 2.5, a
# gap; a theme none of whose questions is asked of NHS staff has no evidence.
LEVEL = 2
PERSPECTIVE = "nhs"


def answered_round():
    round_ = factories.round_(closed=True)
    for _ in range(3):
        factories.response(round_, factories.all_answers(LEVEL), perspective=PERSPECTIVE)
    return round_


def asked(q, theme) -> bool:
    """Whether any question linked to the theme is asked of the respondents' perspective."""
    return any(i.is_asked_of(PERSPECTIVE) for i in q.indicators if theme.id in i.themes)


def expected_heading(q, theme) -> str:
    if not asked(q, theme):
        return f"{squash(theme.title)}: {provenance.NO_EVIDENCE}"
    return f"{squash(theme.title)}: {provenance.theme_status(theme, 'gap')} ({LEVEL}.00)"


def test_the_reports_study_section_prints_every_limitation_and_every_actions_basis(app):
    round_ = answered_round()
    q = factories.questionnaire()
    text = without_footers(pdf_text(report_pdf(round_)), round_)
    study = unwrapped(section(text, "4. The study's themes", "5. Change since the previous round"))
    limitations = q.study.study.limitations
    assert len(limitations) >= 3
    problems = [f"limitation missing: {squash(text)[:80]}…" for text in limitations if unwrapped(text) not in study]
    for theme in q.study.themes:
        if unwrapped(expected_heading(q, theme)) not in study:
            problems.append(f"theme heading missing: {expected_heading(q, theme)}")
        for action in theme.actions:
            line = unwrapped(f"{provenance.basis(action)}, {provenance.aimed_at(action)}: {action.text}")
            if line not in study:
                problems.append(f"action missing or unlabelled: {line[:120]}…")
    assert not problems, "PDF report, section 4:\n" + "\n".join(problems)
    barriers = [t for t in q.study.themes if t.kind == "barrier"]
    assert barriers and all(unwrapped(f"{t.title}: This barrier holds here") in study for t in barriers)
    assert "The study recommends" in study and "Suggested by selfassess, drawing on this finding" in study


def test_the_action_plan_labels_each_action_with_its_basis(app):
    round_ = answered_round()
    q = factories.questionnaire()
    text = without_footers(pdf_text(report_pdf(round_)), round_)
    plan = unwrapped(section(text, "7. Action plan", "8. Appendix"))
    # Every question scores 2.00, a gap on its themes, so each partnership action of a theme appears.
    wanted = {
        unwrapped(f"{provenance.basis(action)}: {action.text}")
        for theme in q.study.themes
        if asked(q, theme)
        for action in theme.actions
        if action.aimed_at == "partnership"
    }
    assert wanted
    assert sorted(line[:100] for line in wanted if line not in plan) == []


def test_the_about_page_prints_the_studys_limitations_and_the_method(app, client):
    answered_round()
    q = factories.questionnaire()
    text = page(client, "/about").text()
    for limitation in q.study.study.limitations:
        assert squash(limitation) in text
    assert "Scores use scoring method 2." in text
    assert "The study gives themes, not scores" in text
