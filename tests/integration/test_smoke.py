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
    q = factories.questionnaire()
    total = len(q.asked("nhs"))
    first_domain, second_domain = q.domains[:2]
    first = next(i for i in first_domain.indicators if i.is_asked_of("nhs"))
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert f"You have answered 0 of {total} questions" in tasks.text()
    section = page(client, f"/rounds/{round_.id}/answer/{first_domain.id}")
    data = section.form_data()
    data[first.id.replace(".", "--")] = "3"
    result = client.post(f"/rounds/{round_.id}/answer/{first_domain.id}", data=data)
    assert result.status_code == 302, result.get_data(as_text=True)[:2000]
    assert result.headers["Location"].endswith(f"/answer/{second_domain.id}")
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert f"You have answered 1 of {total} questions" in tasks.text()
