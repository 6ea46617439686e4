from tests import factories
from tests.pages import page


def test_results_page_shows_scores_and_tables(app, client):
    round_ = factories.round_(closed=True)
    factories.lead("lead@example.org")
    for level, perspective in [(1, "nhs"), (2, "nhs"), (3, "lived_experience"), (4, "third_sector")]:
        factories.response(round_, factories.all_answers(level), perspective=perspective)
    factories.sign_in(client, "lead@example.org")
    results = page(client, f"/rounds/{round_.id}/results")
    text = results.text()
    assert "Overall stage" in text
    assert "2.50" in text
