"""Administration: people, their memberships and roles, erasure."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from selfassess import access
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
)
from selfassess.admin.routes import _tidy, bp
from selfassess.data import accounts, audit, partnerships, versions
from selfassess.data.base import db
from selfassess.data.models import Account, Membership, Partnership, Role

# --- people ----------------------------------------------------------------------


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
        email = accounts.normalise_email(form.email.data)
        if accounts.by_email(email) is not None:
            form.email.errors.append(
                "There is already a person with this email address: find them in the list of people"
            )
        else:
            try:
                account = accounts.create(email, _tidy(form.name.data))
                # The audit log keeps no name or email: it outlives erasure.
                audit.record("added person", actor=current_user, account_id=account.id)
                db.session.commit()
            except IntegrityError:  # added by someone else at the same moment
                db.session.rollback()
                form.email.errors.append(
                    "There is already a person with this email address: find them in the list of people"
                )
            else:
                flash(f"Added {account.display_name}.", "success")
                return redirect(url_for("admin.account", account_id=account.id))
    return render_template("admin/account_form.html", form=form)


@bp.get("/people/<int:account_id>")
@access.admin
def account(account_id: int):
    account = accounts.get(account_id) or abort(404)
    labels = {choice.value: choice.label for choice in _perspective_choices()}
    return render_template(
        "admin/account.html",
        account=account,
        memberships=accounts.memberships(account),
        perspective_labels=labels,
        advised=_advised(account),
        Role=Role,
    )


@bp.route("/people/<int:account_id>/memberships/new", methods=["GET", "POST"])
@access.admin
def add_membership(account_id: int):
    account = _living_account(account_id)
    already = {m.partnership_id for m in accounts.memberships(account)}
    available = [p for p in partnerships.all_partnerships() if p.id not in already]
    form = AddMembershipForm()
    form.partnership.choices = [SelectChoice("", "Choose a partnership")] + [
        SelectChoice(str(p.id), p.name) for p in available
    ]
    form.perspective.choices = _perspective_choices()
    if form.perspective.choices and form.validate_on_submit():
        partnership = partnerships.get(int(form.partnership.data)) or abort(404)
        role = Role(form.role.data)
        accounts.add_member(account, partnership, form.perspective.data, role)
        audit.record(
            "changed membership",
            actor=current_user,
            partnership_id=partnership.id,
            account_id=account.id,
            change="added",
            role=role.value,
            perspective=form.perspective.data,
        )
        db.session.commit()
        flash(f"Added {account.display_name} to {partnership.name} as a {role.value}.", "success")
        return redirect(url_for("admin.account", account_id=account.id))
    return render_template("admin/membership_add.html", form=form, account=account, available=available)


@bp.route("/people/<int:account_id>/memberships/<int:partnership_id>", methods=["GET", "POST"])
@access.admin
def change_membership(account_id: int, partnership_id: int):
    account = _living_account(account_id)
    membership = _membership(account, partnership_id)
    form = ChangeMembershipForm(role=membership.role.value, perspective=membership.perspective)
    choices = _perspective_choices()
    if membership.perspective not in {choice.value for choice in choices}:
        choices.append(SelectChoice(membership.perspective, membership.perspective))
    form.perspective.choices = choices
    if form.validate_on_submit():
        role = Role(form.role.data)
        if role == membership.role and form.perspective.data == membership.perspective:
            flash("Nothing changed.", "info")
            return redirect(url_for("admin.account", account_id=account.id))
        old_role, old_perspective = membership.role, membership.perspective
        accounts.change_membership(membership, role, form.perspective.data)
        audit.record(
            "changed membership",
            actor=current_user,
            partnership_id=partnership_id,
            account_id=account.id,
            change="changed",
            role=f"{old_role.value} to {role.value}" if role != old_role else role.value,
            perspective=(
                f"{old_perspective} to {form.perspective.data}"
                if form.perspective.data != old_perspective
                else old_perspective
            ),
        )
        db.session.commit()
        flash(f"Changed {account.display_name}'s membership of {membership.partnership.name}.", "success")
        return redirect(url_for("admin.account", account_id=account.id))
    return render_template("admin/membership_change.html", form=form, account=account, membership=membership)


@bp.post("/people/<int:account_id>/memberships/<int:partnership_id>/remove")
@access.admin
def remove_membership(account_id: int, partnership_id: int):
    account = _living_account(account_id)
    membership = _membership(account, partnership_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = membership.partnership.name
    accounts.remove_member(membership)
    audit.record(
        "changed membership", actor=current_user, partnership_id=partnership_id, account_id=account.id, change="removed"
    )
    db.session.commit()
    flash(f"Removed {account.display_name} from {name}.", "success")
    return redirect(url_for("admin.account", account_id=account.id))


@bp.route("/people/<int:account_id>/adviser", methods=["GET", "POST"])
@access.admin
def adviser(account_id: int):
    account = _living_account(account_id)
    current = ADVISER_ALL if account.adviser_for_all else ADVISER_SOME if account.adviser_assignments else ADVISER_NONE
    form = AdviserForm(adviser=current, partnerships=[str(a.partnership_id) for a in account.adviser_assignments])
    all_partnerships = partnerships.all_partnerships()
    form.partnerships.choices = [SelectChoice(str(p.id), p.name) for p in all_partnerships]
    if form.validate_on_submit():
        choice = form.adviser.data
        ids = {int(value) for value in form.partnerships.data or []} if choice == ADVISER_SOME else set()
        before = _adviser_summary(account)
        accounts.set_adviser(account, choice == ADVISER_ALL, ids)
        db.session.flush()
        after = _adviser_summary(account)
        if after != before:
            audit.record("changed roles", actor=current_user, account_id=account.id, adviser=after)
            db.session.commit()
            flash(f"Changed {account.display_name}'s adviser role: {after}.", "success")
        else:
            flash("Nothing changed.", "info")
        return redirect(url_for("admin.account", account_id=account.id))
    return render_template("admin/adviser.html", form=form, account=account)


@bp.post("/people/<int:account_id>/administrator")
@access.admin
def administrator(account_id: int):
    account = _living_account(account_id)
    form = AdminFlagForm()
    if not form.validate_on_submit() or form.make_admin.data not in ("yes", "no"):
        abort(400)
    make_admin = form.make_admin.data == "yes"
    if not make_admin and account.id == current_user.id:
        flash(
            "You cannot remove your own administrator role, so that there is always at least one administrator. "
            "Ask another administrator to remove it.",
            "error",
        )
        return redirect(url_for("admin.account", account_id=account.id))
    if make_admin != account.is_admin:
        accounts.set_admin(account, make_admin)
        audit.record(
            "changed roles", actor=current_user, account_id=account.id, administrator="yes" if make_admin else "no"
        )
        db.session.commit()
    message = "is now an administrator" if make_admin else "is no longer an administrator"
    flash(f"{account.display_name} {message}.", "success")
    return redirect(url_for("admin.account", account_id=account.id))


@bp.route("/people/<int:account_id>/erase", methods=["GET", "POST"])
@access.admin
def erase_account(account_id: int):
    account = _living_account(account_id)
    is_self = account.id == current_user.id
    form = ButtonForm()
    if not is_self and form.validate_on_submit():
        accounts.erase(account)
        audit.record("erased person", actor=current_user, account_id=account.id)
        db.session.commit()
        flash(
            f"Erased the person's name and email address. They now show as {account.display_name} "
            "and can no longer sign in. Their submitted answers still count in results.",
            "success",
        )
        return redirect(url_for("admin.account", account_id=account.id))
    if is_self and request.method == "POST":
        abort(400)
    return render_template(
        "admin/erase.html", form=form, account=account, is_self=is_self, memberships=accounts.memberships(account)
    )


def _living_account(account_id: int) -> Account:
    """A person who can still be changed: an erased person is not."""
    account = accounts.get(account_id)
    if account is None or account.erased_at is not None:
        abort(404)
    return account


def _membership(account: Account, partnership_id: int) -> Membership:
    # Not people.membership(): that treats a person without a password as signed out.
    for membership in accounts.memberships(account):
        if membership.partnership_id == partnership_id:
            return membership
    abort(404)


def _advised(account: Account) -> list[Partnership] | None:
    """The partnerships a person advises: None means all of them."""
    if account.adviser_for_all:
        return None
    return partnerships.by_ids({a.partnership_id for a in account.adviser_assignments})


def _adviser_summary(account: Account) -> str:
    advised = _advised(account)
    if advised is None:
        return "adviser for all partnerships"
    if not advised:
        return "not an adviser"
    return "adviser for " + ", ".join(p.name for p in advised)


def _perspective_choices() -> list[SelectChoice]:
    """The perspectives of the latest questionnaire version (none before one is loaded)."""
    version = versions.latest()
    if version is None:
        return []
    return [SelectChoice(p.id, p.label) for p in versions.questionnaire_for(version).perspectives]
