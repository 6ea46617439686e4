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
from selfassess.data import audit, partnerships, people, questionnaires
from selfassess.data.base import db
from selfassess.data.models import Membership, Partnership, Role, User

# --- people ----------------------------------------------------------------------


@bp.get("/people")
@access.admin
def person_list():
    form = SearchForm(formdata=request.args)
    query = (form.q.data or "").strip()
    if query and form.validate():
        found = people.search(query)
    else:
        query = ""
        found = people.all_users()
    return render_template("admin/people.html", form=form, people=found, query=query)


@bp.route("/people/new", methods=["GET", "POST"])
@access.admin
def add_person():
    form = PersonForm()
    if form.validate_on_submit():
        email = people.normalise_email(form.email.data)
        if people.by_email(email) is not None:
            form.email.errors.append(
                "There is already a person with this email address: find them in the list of people"
            )
        else:
            try:
                user = people.create(email, _tidy(form.name.data))
                # The audit log keeps no name or email: it outlives erasure.
                audit.record("added person", actor=current_user, person_id=user.id)
                db.session.commit()
            except IntegrityError:  # added by someone else at the same moment
                db.session.rollback()
                form.email.errors.append(
                    "There is already a person with this email address: find them in the list of people"
                )
            else:
                flash(f"Added {user.display_name}.", "success")
                return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/person_form.html", form=form)


@bp.get("/people/<int:user_id>")
@access.admin
def person(user_id: int):
    user = people.get(user_id) or abort(404)
    labels = {choice.value: choice.label for choice in _perspective_choices()}
    return render_template(
        "admin/person.html",
        user=user,
        memberships=people.memberships(user),
        perspective_labels=labels,
        advised=_advised(user),
        Role=Role,
    )


@bp.route("/people/<int:user_id>/memberships/new", methods=["GET", "POST"])
@access.admin
def add_membership(user_id: int):
    user = _living_person(user_id)
    already = {m.partnership_id for m in people.memberships(user)}
    available = [p for p in partnerships.all_partnerships() if p.id not in already]
    form = AddMembershipForm()
    form.partnership.choices = [SelectChoice("", "Choose a partnership")] + [
        SelectChoice(str(p.id), p.name) for p in available
    ]
    form.perspective.choices = _perspective_choices()
    if form.perspective.choices and form.validate_on_submit():
        partnership = partnerships.get(int(form.partnership.data)) or abort(404)
        role = Role(form.role.data)
        people.add_member(user, partnership, form.perspective.data, role)
        audit.record(
            "changed membership",
            actor=current_user,
            partnership_id=partnership.id,
            person_id=user.id,
            change="added",
            role=role.value,
            perspective=form.perspective.data,
        )
        db.session.commit()
        flash(f"Added {user.display_name} to {partnership.name} as a {role.value}.", "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/membership_add.html", form=form, user=user, available=available)


@bp.route("/people/<int:user_id>/memberships/<int:partnership_id>", methods=["GET", "POST"])
@access.admin
def change_membership(user_id: int, partnership_id: int):
    user = _living_person(user_id)
    membership = _membership(user, partnership_id)
    form = ChangeMembershipForm(role=membership.role.value, perspective=membership.perspective)
    choices = _perspective_choices()
    if membership.perspective not in {choice.value for choice in choices}:
        choices.append(SelectChoice(membership.perspective, membership.perspective))
    form.perspective.choices = choices
    if form.validate_on_submit():
        role = Role(form.role.data)
        if role == membership.role and form.perspective.data == membership.perspective:
            flash("Nothing changed.", "info")
            return redirect(url_for("admin.person", user_id=user.id))
        old_role, old_perspective = membership.role, membership.perspective
        people.change_membership(membership, role, form.perspective.data)
        audit.record(
            "changed membership",
            actor=current_user,
            partnership_id=partnership_id,
            person_id=user.id,
            change="changed",
            role=f"{old_role.value} to {role.value}" if role != old_role else role.value,
            perspective=(
                f"{old_perspective} to {form.perspective.data}"
                if form.perspective.data != old_perspective
                else old_perspective
            ),
        )
        db.session.commit()
        flash(f"Changed {user.display_name}'s membership of {membership.partnership.name}.", "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/membership_change.html", form=form, user=user, membership=membership)


@bp.post("/people/<int:user_id>/memberships/<int:partnership_id>/remove")
@access.admin
def remove_membership(user_id: int, partnership_id: int):
    user = _living_person(user_id)
    membership = _membership(user, partnership_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = membership.partnership.name
    people.remove_member(membership)
    audit.record(
        "changed membership", actor=current_user, partnership_id=partnership_id, person_id=user.id, change="removed"
    )
    db.session.commit()
    flash(f"Removed {user.display_name} from {name}.", "success")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.route("/people/<int:user_id>/adviser", methods=["GET", "POST"])
@access.admin
def adviser(user_id: int):
    user = _living_person(user_id)
    current = ADVISER_ALL if user.adviser_for_all else ADVISER_SOME if user.adviser_assignments else ADVISER_NONE
    form = AdviserForm(adviser=current, partnerships=[str(a.partnership_id) for a in user.adviser_assignments])
    all_partnerships = partnerships.all_partnerships()
    form.partnerships.choices = [SelectChoice(str(p.id), p.name) for p in all_partnerships]
    if form.validate_on_submit():
        choice = form.adviser.data
        ids = {int(value) for value in form.partnerships.data or []} if choice == ADVISER_SOME else set()
        before = _adviser_summary(user)
        people.set_adviser(user, choice == ADVISER_ALL, ids)
        db.session.flush()
        after = _adviser_summary(user)
        if after != before:
            audit.record("changed roles", actor=current_user, person_id=user.id, adviser=after)
            db.session.commit()
            flash(f"Changed {user.display_name}'s adviser role: {after}.", "success")
        else:
            flash("Nothing changed.", "info")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/adviser.html", form=form, user=user)


@bp.post("/people/<int:user_id>/administrator")
@access.admin
def administrator(user_id: int):
    user = _living_person(user_id)
    form = AdminFlagForm()
    if not form.validate_on_submit() or form.make_admin.data not in ("yes", "no"):
        abort(400)
    make_admin = form.make_admin.data == "yes"
    if not make_admin and user.id == current_user.id:
        flash(
            "You cannot remove your own administrator role, so that there is always at least one administrator. "
            "Ask another administrator to remove it.",
            "error",
        )
        return redirect(url_for("admin.person", user_id=user.id))
    if make_admin != user.is_admin:
        people.set_admin(user, make_admin)
        audit.record(
            "changed roles", actor=current_user, person_id=user.id, administrator="yes" if make_admin else "no"
        )
        db.session.commit()
    message = "is now an administrator" if make_admin else "is no longer an administrator"
    flash(f"{user.display_name} {message}.", "success")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.route("/people/<int:user_id>/erase", methods=["GET", "POST"])
@access.admin
def erase_person(user_id: int):
    user = _living_person(user_id)
    is_self = user.id == current_user.id
    form = ButtonForm()
    if not is_self and form.validate_on_submit():
        people.erase(user)
        audit.record("erased person", actor=current_user, person_id=user.id)
        db.session.commit()
        flash(
            f"Erased the person's name and email address. They now show as {user.display_name} "
            "and can no longer sign in. Their submitted answers still count in results.",
            "success",
        )
        return redirect(url_for("admin.person", user_id=user.id))
    if is_self and request.method == "POST":
        abort(400)
    return render_template(
        "admin/erase.html", form=form, user=user, is_self=is_self, memberships=people.memberships(user)
    )


def _living_person(user_id: int) -> User:
    """A person who can still be changed: an erased person is not."""
    user = people.get(user_id)
    if user is None or user.erased_at is not None:
        abort(404)
    return user


def _membership(user: User, partnership_id: int) -> Membership:
    # Not people.membership(): that treats a person without a password as signed out.
    for membership in people.memberships(user):
        if membership.partnership_id == partnership_id:
            return membership
    abort(404)


def _advised(user: User) -> list[Partnership] | None:
    """The partnerships a person advises: None means all of them."""
    if user.adviser_for_all:
        return None
    return partnerships.by_ids({a.partnership_id for a in user.adviser_assignments})


def _adviser_summary(user: User) -> str:
    advised = _advised(user)
    if advised is None:
        return "adviser for all partnerships"
    if not advised:
        return "not an adviser"
    return "adviser for " + ", ".join(p.name for p in advised)


def _perspective_choices() -> list[SelectChoice]:
    """The perspectives of the latest questionnaire version (none before one is loaded)."""
    version = questionnaires.latest()
    if version is None:
        return []
    return [SelectChoice(p.id, p.label) for p in questionnaires.questionnaire_for(version).perspectives]
