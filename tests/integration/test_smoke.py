from tests import factories
from tests.pages import page
from tests.signing_in import sign_in


def test_public_pages_render(client):
    for url in ["/", "/about", "/sign-in", "/privacy", "/accessibility", "/forgotten-password"]:
        assert page(client, url).title


def test_a_respondent_answers_a_section(app, client):
    round_ = factories.round_()
    factories.member(factories.account("a@example.org"), "Fife", "nhs")
    sign_in(client, "a@example.org")
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "You have answered 0 of 30 questions" in tasks.text()
    section = page(client, f"/rounds/{round_.id}/answer/leadership")
    data = section.form_data()
    data["leadership--shared-meaning"] = "3"
    result = client.post(f"/rounds/{round_.id}/answer/leadership", data=data)
    assert result.status_code == 302, result.get_data(as_text=True)[:2000]
    assert result.headers["Location"].endswith("/answer/capacity")
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "You have answered 1 of 30 questions" in tasks.text()
