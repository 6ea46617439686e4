"""Administration: partnerships, people and their roles, questionnaire
versions, and the audit log (which can only be read).

Every view is for administrators only. Every change is a POST with a CSRF
token, is audited in the same transaction, and ends with a redirect."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from selfassess import access
from selfassess.admin.forms import (
    PartnershipForm,
)
from selfassess.data import accounts, audit, partnerships, versions
from selfassess.data.base import db
from selfassess.data.models import Partnership

bp = Blueprint("admin", __name__, url_prefix="/admin")


# --- overview --------------------------------------------------------------------


@bp.get("/")
@access.admin
def index():
    everyone = accounts.all_accounts()
    return render_template(
        "admin/index.html",
        partnership_count=len(partnerships.all_partnerships()),
        people_count=sum(1 for account in everyone if account.erased_at is None),
        admin_count=sum(1 for account in everyone if account.is_admin),
        adviser_count=sum(1 for account in everyone if account.is_adviser),
        version_count=len(versions.all_versions()),
        files_to_load=sum(1 for f in _versions.questionnaire_files() if f.loadable),
    )


# --- partnerships ----------------------------------------------------------------


@bp.get("/partnerships")
@access.admin
def partnership_list():
    return render_template("admin/partnerships.html", partnerships=partnerships.all_partnerships())


@bp.route("/partnerships/new", methods=["GET", "POST"])
@access.admin
def add_partnership():
    form = PartnershipForm()
    if form.validate_on_submit():
        name = _tidy(form.name.data)
        clash = partnerships.clashing(name)
        if clash is None:
            # One transaction: the partnership and its audit event are saved together or not at all.
            try:
                partnership = partnerships.create(name)
                audit.record("added partnership", actor=current_user, partnership_id=partnership.id, name=name)
                db.session.commit()
            except IntegrityError:  # added by someone else at the same moment
                db.session.rollback()
                clash = partnerships.clashing(name)
            else:
                flash(f"Added the partnership {name}.", "success")
                return redirect(url_for("admin.partnership_list"))
        form.name.errors.append(_clash_message(clash, name))
    return render_template("admin/partnership_form.html", form=form, partnership=None)


@bp.route("/partnerships/<int:partnership_id>/rename", methods=["GET", "POST"])
@access.admin
def rename_partnership(partnership_id: int):
    partnership = partnerships.get(partnership_id) or abort(404)
    form = PartnershipForm(obj=partnership)
    if form.validate_on_submit():
        name = _tidy(form.name.data)
        old_name = partnership.name
        if name == old_name:
            flash(f"The name is still {name}: nothing changed.", "info")
            return redirect(url_for("admin.partnership_list"))
        clash = partnerships.clashing(name, except_id=partnership.id)
        if clash is None:
            try:
                partnerships.rename(partnership, name)
                audit.record(
                    "renamed partnership",
                    actor=current_user,
                    partnership_id=partnership.id,
                    old_name=old_name,
                    new_name=name,
                )
                db.session.commit()
            except IntegrityError:  # renamed by someone else at the same moment
                db.session.rollback()
                clash = partnerships.clashing(name, except_id=partnership.id)
            else:
                flash(f"Renamed {old_name} to {name}.", "success")
                return redirect(url_for("admin.partnership_list"))
        form.name.errors.append(_clash_message(clash, name))
    return render_template("admin/partnership_form.html", form=form, partnership=partnership)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _clash_message(clash: Partnership | None, name: str) -> str:
    existing = clash.name if clash is not None else name
    return f"There is already a partnership called {existing}: enter a different name"


# The other admin pages register themselves on the same blueprint.
from selfassess.admin import accounts as _accounts  # noqa: E402, F401
from selfassess.admin import versions as _versions  # noqa: E402
