"""Administration: people's accounts, their memberships and roles, erasure."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from selfassess import access
from selfassess.admin import accounts as service
from selfassess.admin.blueprint import bp
from selfassess.admin.forms import (
    ADVISER_ALL,
    ADVISER_NONE,
    ADVISER_SOME,
    AddMembershipForm,
    AdminFlagForm,
    AdviserForm,
    ButtonForm,
    ChangeMembershipForm,
    PersonForm,
    SearchForm,
    erase_form,
)
from selfassess.data import accounts, partnerships
from selfassess.outcome import Outcome


def _back_to(account_id: int, outcome: Outcome):
    flash(outcome.message, outcome.category)
    return redirect(url_for("admin.account", account_id=account_id))


@bp.get("/people")
@access.admin
def account_list():
    form = SearchForm(formdata=request.args)
    query = (form.q.data or "").strip()
    if query and form.validate():
        found = accounts.search(query)
    else:
        query = ""
        found = accounts.all_accounts()
    return render_template("admin/accounts.html", form=form, accounts=found, query=query)


@bp.route("/people/new", methods=["GET", "POST"])
@access.admin
def add_account():
    form = PersonForm()
    if form.validate_on_submit():
        account = service.add_account(form.email.data, form.name.data, current_user)
        if account is not None:
            flash(f"Added {account.display_name}.", "success")
            return redirect(url_for("admin.account", account_id=account.id))
        form.email.errors.append(service.EMAIL_TAKEN)
    return render_template("admin/account_form.html", form=form)


@bp.get("/people/<int:account_id>")
@access.admin
def account(account_id: int):
    page = service.account_page(account_id)
    return render_template(
        "admin/account.html",
        account=page.account,
        memberships=page.memberships,
        perspective_labels=page.perspective_labels,
        advised=page.advised,
    )


@bp.route("/people/<int:account_id>/memberships/new", methods=["GET", "POST"])
@access.admin
def add_membership(account_id: int):
    account = service.living_account(account_id)
    already = {m.partnership_id for m in accounts.memberships(account)}
    available = [p for p in partnerships.all_partnerships() if p.id not in already]
    form = AddMembershipForm()
    form.partnership.choices = [SelectChoice("", "Choose a partnership")] + [
        SelectChoice(str(p.id), p.name) for p in available
    ]
    form.perspective.choices = service.perspective_choices()
    if form.perspective.choices and form.validate_on_submit():
        outcome = service.add_membership(
            account, int(form.partnership.data), form.role.data, form.perspective.data, current_user
        )
        return _back_to(account.id, outcome)
    return render_template("admin/membership_add.html", form=form, account=account, available=available)


@bp.route("/people/<int:account_id>/memberships/<int:partnership_id>", methods=["GET", "POST"])
@access.admin
def change_membership(account_id: int, partnership_id: int):
    account = service.living_account(account_id)
    membership = service.membership_of(account, partnership_id)
    form = ChangeMembershipForm(role=membership.role.value, perspective=membership.perspective)
    choices = service.perspective_choices()
    if membership.perspective not in {choice.value for choice in choices}:
        choices.append(SelectChoice(membership.perspective, membership.perspective))
    form.perspective.choices = choices
    if form.validate_on_submit():
        outcome = service.change_membership(membership, form.role.data, form.perspective.data, current_user)
        return _back_to(account.id, outcome)
    return render_template("admin/membership_change.html", form=form, account=account, membership=membership)


@bp.post("/people/<int:account_id>/memberships/<int:partnership_id>/remove")
@access.admin
def remove_membership(account_id: int, partnership_id: int):
    membership = service.membership_of(service.living_account(account_id), partnership_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return _back_to(account_id, service.remove_membership(membership, current_user))


@bp.route("/people/<int:account_id>/adviser", methods=["GET", "POST"])
@access.admin
def adviser(account_id: int):
    account = service.living_account(account_id)
    current = ADVISER_ALL if account.adviser_for_all else ADVISER_SOME if account.adviser_assignments else ADVISER_NONE
    form = AdviserForm(adviser=current, partnerships=[str(a.partnership_id) for a in account.adviser_assignments])
    form.partnerships.choices = [SelectChoice(str(p.id), p.name) for p in partnerships.all_partnerships()]
    if form.validate_on_submit():
        choice = form.adviser.data
        ids = {int(value) for value in form.partnerships.data or []} if choice == ADVISER_SOME else set()
        return _back_to(account.id, service.set_adviser(account, choice == ADVISER_ALL, ids, current_user))
    return render_template("admin/adviser.html", form=form, account=account)


@bp.post("/people/<int:account_id>/administrator")
@access.admin
def administrator(account_id: int):
    account = service.living_account(account_id)
    form = AdminFlagForm()
    if not form.validate_on_submit() or form.make_admin.data not in ("yes", "no"):
        abort(400)
    return _back_to(account.id, service.set_administrator(account, form.make_admin.data == "yes", current_user))


@bp.route("/people/<int:account_id>/erase", methods=["GET", "POST"])
@access.admin
def erase_account(account_id: int):
    account = service.living_account(account_id)
    is_self = account.id == current_user.id
    owned = service.owned_actions(account) if not is_self else []
    # A field for every action they own now: one the form did not show (owned since) is refused.
    form = erase_form([(action.id, action.text) for action in owned])
    if not is_self and form.validate_on_submit():
        outcome = service.erase(
            account, current_user, remove_answers=form.remove_answers.data, new_owners=form.new_owners()
        )
        if outcome.category != "error":
            return _back_to(account.id, outcome)
        flash(outcome.message, outcome.category)
    if is_self and request.method == "POST":
        abort(400)
    return render_template(
        "admin/erase.html",
        form=form,
        account=account,
        is_self=is_self,
        memberships=accounts.memberships(account),
        owned=owned,
    )
