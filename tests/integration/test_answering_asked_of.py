"""A question asked only of some perspectives (its ``asked_of``, issue 9
section 2) is neither shown to nor accepted from anyone else: a respondent
whose perspective it leaves out does not see it on their domain's page or
their check page, and a post that answers it anyway is refused and stores
nothing."""

from __future__ import annotations

import pytest

from tests import builders, factories
from tests.integration.results_helpers import built_version, round_on
from tests.integration.test_answering_support import domain_url, field, filled, responses_count, rows
from tests.pages import page
from tests.signing_in import sign_in

STAFF_ONLY = "alpha.i2"  # asked of NHS and local authority staff only
ASKED_OF = {STAFF_ONLY: ["nhs", "local_authority"]}
EVERYONE = [i for i in builders.indicator_ids("alpha") if i != STAFF_ONLY]


@pytest.fixture
def open_round(app, tmp_path):
    q = builders.questionnaire_dict(asked_of=ASKED_OF)
    return round_on(built_version(tmp_path, q, builders.themes_dict()), closed=False)


def signed_in_as(client, perspective: str) -> None:
    email = f"{perspective.replace('_', '.')}@example.org"
    factories.member(factories.account(email), "Fife", perspective)
    sign_in(client, email)


def shown(found) -> list[str]:
    """The question ids on a domain's page, in order."""
    return [s["id"].removeprefix("indicator-").replace("--", ".") for s in found.form().find_all("section")]


def test_a_person_with_lived_experience_is_not_shown_a_staff_question(app, client, open_round):
    signed_in_as(client, "lived_experience")
    found = page(client, domain_url(open_round, "alpha"))
    assert shown(found) == EVERYONE
    assert f"Indicator {STAFF_ONLY}" not in found.text()
    assert found.form().find(attrs={"name": field(STAFF_ONLY)}) is None


def test_a_member_of_nhs_staff_is_shown_every_question(app, client, open_round):
    signed_in_as(client, "nhs")
    assert shown(page(client, domain_url(open_round, "alpha"))) == builders.indicator_ids("alpha")


@pytest.mark.parametrize("saved_before", [False, True])
def test_an_answer_to_a_question_not_asked_of_the_person_is_refused(app, client, open_round, saved_before):
    signed_in_as(client, "lived_experience")
    url = domain_url(open_round, "alpha")
    if saved_before:
        saved = client.post(url, data=filled(page(client, url), {EVERYONE[0]: "3"}))
        assert saved.status_code == 302
    form = page(client, url)
    before, responses_before = rows(), responses_count()
    data = filled(form, {EVERYONE[1]: "2"})
    data[field(STAFF_ONLY)] = "4"
    refused = page(client, url, method="POST", data=data, status=400)
    assert refused.h1 == "Your answers on this page were not saved"
    assert "Nothing from this page was saved." in refused.text()
    assert rows() == before  # not the staff question's answer, nor the other question's
    assert responses_count() == responses_before


def test_the_check_page_lists_only_the_questions_asked(app, client, open_round):
    signed_in_as(client, "lived_experience")
    for domain in ("alpha", "beta"):
        url = domain_url(open_round, domain)
        answers = dict.fromkeys((i for i in builders.indicator_ids(domain) if i != STAFF_ONLY), "3")
        assert client.post(url, data=filled(page(client, url), answers)).status_code == 302
    check = page(client, f"/rounds/{open_round.id}/answer/check")
    assert f"Indicator {STAFF_ONLY}" not in check.text()
    assert all(f"Indicator {i}" in check.text() for i in EVERYONE)
