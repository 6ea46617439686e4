"""Who may see and do what. Every view declares its rule with one of these
decorators; a view without one is refused (see ``enforce_declared_rules``),
and ``tests/integration/test_access.py`` lists every route's rule.

Anything that belongs to a partnership is looked up through a rule here, and
a person without the right to it gets "Page not found", the same answer as
for an id that does not exist, so changing an id in a URL reveals nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, request
from flask_login import current_user, login_required

from selfassess.data import accounts, invitations, jobs, partnerships, responses, rounds

PUBLIC = "public"
ADMIN = "admin"
ADVISER = "adviser"
NATIONAL = "adviser of a national body"
PARTNERSHIP_LEAD = "lead of the partnership"
PARTNERSHIP_LEAD_OR_ADMIN = "lead of the partnership, or an administrator"
ROUND_RESPONDENT = "member of the round's partnership"
ROUND_LEAD = "lead of the round's partnership"
ROUND_RESULTS = "may see the round's results"
ROUND_REPORT = "lead or adviser of the round's partnership"

View = Callable[..., Any]


def _declare(rule: str, view: View) -> View:
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    return _declare(PUBLIC, view)


def admin(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return _declare(ADMIN, wrapper)


def adviser(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_adviser:
            abort(403)
        return view(*args, **kwargs)

    return _declare(ADVISER, wrapper)


def national(view: View) -> View:
    """The published national picture: for advisers of a national body (an
    administrator grants the role) and administrators."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not (current_user.is_national or current_user.is_admin):
            abort(403)
        return view(*args, **kwargs)

    return _declare(NATIONAL, wrapper)


def partnership_lead(view: View) -> View:
    """The view takes ``partnership_id``; it receives ``partnership`` instead."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, partnership_id: int, **kwargs: Any) -> Any:
        if not accounts.is_lead(current_user, partnership_id):
            abort(404)
        return view(*args, partnership=partnerships.get(partnership_id), **kwargs)

    return _declare(PARTNERSHIP_LEAD, wrapper)


def partnership_lead_or_admin(view: View) -> View:
    """As ``partnership_lead``, and administrators too, for any partnership
    (opening a round for a partnership that has no lead yet)."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, partnership_id: int, **kwargs: Any) -> Any:
        if not (current_user.is_admin or accounts.is_lead(current_user, partnership_id)):
            abort(404)
        partnership = partnerships.get(partnership_id)
        if partnership is None:
            abort(404)
        return view(*args, partnership=partnership, **kwargs)

    return _declare(PARTNERSHIP_LEAD_OR_ADMIN, wrapper)


def _round_rule(rule: str, allowed: Callable[[Any, Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        """The view takes ``round_id``; it receives ``round_`` instead."""

        @wraps(view)
        @login_required
        def wrapper(*args: Any, round_id: int, **kwargs: Any) -> Any:
            round_ = rounds.get(round_id)
            if round_ is None or not allowed(current_user, round_):
                abort(404)
            return view(*args, round_=round_, **kwargs)

        return _declare(rule, wrapper)

    return decorator


def can_answer(account: Any, round_: Any) -> bool:
    return accounts.is_member(account, round_.partnership_id)


def can_lead(account: Any, round_: Any) -> bool:
    return accounts.is_lead(account, round_.partnership_id)


def can_see_results(account: Any, round_: Any) -> bool:
    """Leads and the partnership's advisers always; respondents once the lead
    has shared the results of a closed round."""
    if accounts.is_lead(account, round_.partnership_id) or accounts.advises(account, round_.partnership_id):
        return True
    return (
        accounts.is_member(account, round_.partnership_id)
        and not round_.is_open
        and round_.results_shared_at is not None
    )


def can_download_report(account: Any, round_: Any) -> bool:
    """The PDF report and exports: for the partnership's leads and advisers."""
    return accounts.is_lead(account, round_.partnership_id) or accounts.advises(account, round_.partnership_id)


round_respondent = _round_rule(ROUND_RESPONDENT, can_answer)
round_lead = _round_rule(ROUND_LEAD, can_lead)
round_results = _round_rule(ROUND_RESULTS, can_see_results)
round_report = _round_rule(ROUND_REPORT, can_download_report)


def round_respondent_keeping_typed(keep: Callable[..., Any]) -> Callable[[View], View]:
    """Like ``round_respondent``, but a page posted after the person's sign-in
    ran out goes to ``keep`` (which keeps what they typed and sends them to
    sign in) instead of being dropped by the usual redirect to sign in."""

    def decorator(view: View) -> View:
        guarded = round_respondent(view)

        @wraps(view)
        def wrapper(*args: Any, round_id: int, **kwargs: Any) -> Any:
            if request.method == "POST" and not current_user.is_authenticated:
                return keep(round_id=round_id, **kwargs)
            return guarded(*args, round_id=round_id, **kwargs)

        return _declare(ROUND_RESPONDENT, wrapper)

    return decorator


# --- things inside a round or an account ------------------------------------------
# A route's rule admits the person to the round (or to adviser pages); these
# admit them to one thing inside it. An id of something elsewhere answers
# "Page not found", as an id that does not exist.


def _in_round(round_: Any, found: Any) -> Any:
    if found is None or found.round_id != round_.id:
        abort(404)
    return found


def invitation_in(round_: Any, invitation_id: int) -> Any:
    """An invitation to this round."""
    return _in_round(round_, invitations.get(invitation_id))


def response_in(round_: Any, response_id: int) -> Any:
    """A response in this round."""
    return _in_round(round_, responses.get(response_id))


def recorded_response_in(round_: Any, response_id: int) -> Any:
    """A response in this round that a lead recorded on someone's behalf."""
    response = response_in(round_, response_id)
    if response.recorded_by_id is None:
        abort(404)
    return response


def own_job(account: Any, job_id: int) -> Any:
    """A background job the signed-in person started."""
    job = jobs.get(job_id)
    if job is None or job.owner_id != account.id:
        abort(404)
    return job


def enforce_declared_rules() -> None:
    """before_request: refuse any view that has not declared an access rule."""
    if request.endpoint is None:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and not hasattr(view, "access_rule"):
        current_app.logger.error("route %s has no access rule; refused", request.endpoint)
        abort(404)
