"""Nothing the app answers is kept by a browser or a proxy cache: every
response the app makes says ``Cache-Control: no-store`` (its pages show
personal or partnership data, or carry a CSRF token), as the PDF and CSV
downloads already did. Static files, the same for everyone, stay cacheable
(penetration test, issue 10, item 15)."""

from __future__ import annotations

import re

from selfassess.rounds import service as rounds_service
from tests import factories
from tests.integration.test_answering_support import domain_url, respondent_with_round
from tests.signing_in import sign_in, sign_out


def no_store(response) -> bool:
    return response.headers.get("Cache-Control") == "no-store"


def test_the_answer_pages_are_not_stored(app, client):
    round_ = respondent_with_round(client)
    for url in (f"/rounds/{round_.id}/answer", domain_url(round_, "leadership"), "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.headers.get("Cache-Control"))


def test_the_results_page_the_dashboard_and_the_downloads_are_not_stored(app, client):
    round_ = factories.round_()
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    lead = factories.lead("lead@example.org", "Fife")
    rounds_service.close(round_, lead)
    sign_in(client, "lead@example.org")
    for url in (f"/rounds/{round_.id}/results", f"/rounds/{round_.id}/manage", f"/rounds/{round_.id}/results.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.headers.get("Cache-Control"))
    sign_out(client)
    factories.adviser("adviser@example.org", ["Fife"])
    sign_in(client, "adviser@example.org")
    response = client.get("/adviser")
    assert response.status_code == 200 and no_store(response)


def test_the_admin_pages_are_not_stored(app, client, admin):
    for url in ("/admin/", "/admin/people", f"/admin/people/{admin.id}", "/admin/questionnaires", "/admin/audit"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.headers.get("Cache-Control"))


def test_error_pages_redirects_and_the_sign_in_page_are_not_stored(app, client):
    for url, status in (("/sign-in", 200), ("/admin/", 302), ("/no-such-page", 404)):
        response = client.get(url)
        assert response.status_code == status, url
        assert no_store(response), (url, response.headers.get("Cache-Control"))


def test_static_files_stay_cacheable(app, client):
    html = client.get("/sign-in").get_data(as_text=True)
    (script,) = re.findall(r'<script src="(/static/dist/app\.[0-9a-f]{12}\.js)"', html)
    response = client.get(script)
    response.close()  # WhiteNoise streams the file
    assert response.status_code == 200
    cache_control = response.headers.get("Cache-Control", "")
    assert "max-age=" in cache_control and "no-store" not in cache_control, cache_control
