"""The administrator's home page and the partnerships."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from selfassess import access
from selfassess.admin import accounts as service
from selfassess.admin import partnerships as partnership_service
from selfassess.admin.blueprint import bp
from selfassess.admin.forms import MakeLeadForm, PartnershipForm
from selfassess.admin.overview import overview
from selfassess.data import partnerships


@bp.get("/")
@access.admin
def index():
    return render_template("admin/index.html", **vars(overview()))


@bp.get("/partnerships")
@access.admin
def partnership_list():
    return render_template("admin/partnerships.html", rows=partnership_service.partnership_rows())


@bp.route("/partnerships/<int:partnership_id>/lead", methods=["GET", "POST"])
@access.admin
def make_lead(partnership_id: int):
    partnership = partnerships.get(partnership_id) or abort(404)
    form = MakeLeadForm()
    form.perspective.choices = service.perspective_choices()
    if form.perspective.choices and form.validate_on_submit():
        outcome = partnership_service.make_lead(
            partnership, form.email.data, form.name.data, form.perspective.data, current_user
        )
        if outcome.category != "error":
            flash(outcome.message, outcome.category)
            return redirect(url_for("admin.partnership_list"))
        (form.email if outcome.message == service.EMAIL_TAKEN else form.name).errors.append(outcome.message)
    return render_template("admin/make_lead.html", form=form, partnership=partnership)


@bp.route("/partnerships/new", methods=["GET", "POST"])
@access.admin
def add_partnership():
    form = PartnershipForm()
    if form.validate_on_submit():
        outcome = service.add_partnership(form.name.data, current_user)
        if outcome.category != "error":
            flash(outcome.message, outcome.category)
            return redirect(url_for("admin.partnership_list"))
        form.name.errors.append(outcome.message)
    return render_template("admin/partnership_form.html", form=form, partnership=None)


@bp.route("/partnerships/<int:partnership_id>/rename", methods=["GET", "POST"])
@access.admin
def rename_partnership(partnership_id: int):
    partnership = partnerships.get(partnership_id) or abort(404)
    form = PartnershipForm(obj=partnership)
    if form.validate_on_submit():
        outcome = service.rename_partnership(partnership, form.name.data, current_user)
        if outcome.category != "error":
            flash(outcome.message, outcome.category)
            return redirect(url_for("admin.partnership_list"))
        form.name.errors.append(outcome.message)
    return render_template("admin/partnership_form.html", form=form, partnership=partnership)
