"""Administration: partnerships, people and their roles, questionnaire
versions, and the audit log (which can only be read).

Every view is for administrators only. Every change is a POST with a CSRF
token, is audited in the same transaction, and ends with a redirect."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
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
    AuditFilterForm,
    ButtonForm,
    ChangeMembershipForm,
    LoadQuestionnaireForm,
    PartnershipForm,
    PersonForm,
    SearchForm,
)
from selfassess.data import audit, partnerships, people, questionnaires, rounds
from selfassess.data.base import db
from selfassess.data.models import Membership, Partnership, QuestionnaireVersion, Role, User
from selfassess.questionnaire import Problem, QuestionnaireError, check, parse, read_files

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_LIMIT = 200


# --- overview --------------------------------------------------------------------


@bp.get("/")
@access.admin
def index():
    everyone = people.all_users()
    return render_template(
        "admin/index.html",
        partnership_count=len(partnerships.all_partnerships()),
        people_count=sum(1 for user in everyone if user.erased_at is None),
        admin_count=sum(1 for user in everyone if user.is_admin),
        adviser_count=sum(1 for user in everyone if user.is_adviser),
        version_count=len(questionnaires.all_versions()),
        files_to_load=sum(1 for f in _questionnaire_files() if f.loadable),
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


# --- questionnaire versions --------------------------------------------------------


@dataclass
class QuestionnaireFile:
    """A *.yaml file at the top level of the questionnaires folder, checked."""

    name: str
    path: Path
    problems: list[str] = field(default_factory=list)
    questionnaire_id: str | None = None
    version: str | None = None
    title: str | None = None
    stored: QuestionnaireVersion | None = None
    same_number: QuestionnaireVersion | None = None  # a stored version with this number but other text

    @property
    def loadable(self) -> bool:
        return not self.problems and self.stored is None


def _folder() -> Path:
    return Path(current_app.config["QUESTIONNAIRES_DIR"])


def _listing(folder: Path) -> dict[str, Path]:
    """The only files that may be loaded, by name: a name from a form is looked
    up here, so no path from a form ever reaches the file system."""
    if not folder.is_dir():
        return {}
    return {path.name: path for path in sorted(folder.glob("*.yaml")) if path.is_file()}


def _shown(problem: Problem, folder: Path) -> str:
    """A problem line with the file named from the questionnaires folder, not the server's full path."""
    try:
        relative = os.path.relpath(problem.file, folder)
    except ValueError:
        relative = Path(problem.file).name
    return str(Problem(relative, problem.path, problem.line, problem.message))


def _examine(name: str, path: Path, folder: Path, versions: list[QuestionnaireVersion]) -> QuestionnaireFile:
    """Check one file: its problems are those ``selfassess check`` reports."""
    found = QuestionnaireFile(name, path)
    try:
        files = read_files(path)
        stored = questionnaires.by_sha256(files.sha256)
        if stored is not None:  # valid when stored, and parsed once per process
            questionnaire = questionnaires.questionnaire_for(stored)
        else:
            questionnaire = parse(
                files.questionnaire_text,
                files.themes_text,
                questionnaire_name=files.questionnaire_name,
                themes_name=files.themes_name,
            )
    except QuestionnaireError as error:
        # check() names every problem; a study themes file is valid on its own
        # but is no questionnaire, which read_files() explains.
        found.problems = [_shown(problem, folder) for problem in check(path) or error.problems]
        return found
    found.questionnaire_id, found.version, found.title = questionnaire.id, questionnaire.version, questionnaire.title
    found.stored = stored
    if stored is None:
        found.same_number = next(
            (v for v in versions if v.questionnaire_id == questionnaire.id and v.version == questionnaire.version),
            None,
        )
    return found


def _questionnaire_files() -> list[QuestionnaireFile]:
    folder = _folder()
    versions = questionnaires.all_versions()
    return [_examine(name, path, folder, versions) for name, path in _listing(folder).items()]


@bp.get("/questionnaires")
@access.admin
def questionnaire_versions():
    return render_template(
        "admin/questionnaires.html",
        versions=questionnaires.all_versions(),
        round_counts=questionnaires.rounds_per_version(),
        files=_questionnaire_files(),
        folder_exists=_folder().is_dir(),
        form=LoadQuestionnaireForm(),
    )


@bp.post("/questionnaires/load")
@access.admin
def load_questionnaire():
    form = LoadQuestionnaireForm()
    if not form.validate_on_submit():
        abort(404)
    folder = _folder()
    path = _listing(folder).get(form.name.data)
    if path is None:
        abort(404)
    name = path.name
    found = _examine(name, path, folder, questionnaires.all_versions())
    if found.problems:
        flash(
            f"{name} has problems, so it was not loaded. Fix the problems listed for it below and try again.", "error"
        )
        return redirect(url_for("admin.questionnaire_versions"))
    try:
        version, new = questionnaires.load_file(path)
    except QuestionnaireError:  # the file changed between the check and the load
        db.session.rollback()
        flash(
            f"{name} has problems, so it was not loaded. Fix the problems listed for it below and try again.", "error"
        )
        return redirect(url_for("admin.questionnaire_versions"))
    if not new:
        flash(
            f"{name} is already loaded, as {version.questionnaire_id} version {version.version} "
            f"(sha256 {version.sha256[:12]}): nothing changed.",
            "info",
        )
        return redirect(url_for("admin.questionnaire_versions"))
    audit.record(
        "loaded questionnaire version",
        actor=current_user,
        file=name,
        questionnaire=version.questionnaire_id,
        version=version.version,
        sha256=version.sha256[:12],
    )
    db.session.commit()
    flash(
        f"Loaded {name} as {version.questionnaire_id} version {version.version}. "
        "New rounds use it; rounds already opened keep the version they were opened on.",
        "success",
    )
    return redirect(url_for("admin.questionnaire_versions"))


# --- audit log --------------------------------------------------------------------


@dataclass
class AuditRow:
    at: Any
    who: str
    action: str
    partnership: str | None
    round: str | None
    detail: list[tuple[str, str]]


@bp.get("/audit")
@access.admin
def audit_log():
    all_partnerships = partnerships.all_partnerships()
    names = {p.id: p.name for p in all_partnerships}
    form = AuditFilterForm(formdata=request.args)
    form.partnership.choices = [SelectChoice("", "All partnerships")] + [
        SelectChoice(str(p.id), p.name) for p in all_partnerships
    ]
    chosen = form.partnership.data or ""
    partnership_id = int(chosen) if chosen.isdigit() and int(chosen) in names else None
    if partnership_id is None:
        form.partnership.data = ""
    events = audit.events(partnership_id=partnership_id, limit=AUDIT_LIMIT)
    round_titles: dict[int, str] = {}
    for event in events:
        if event.round_id is not None and event.round_id not in round_titles:
            found = rounds.get(event.round_id)
            round_titles[event.round_id] = found.title if found is not None else f"Round {event.round_id}"
    rows = [
        AuditRow(
            at=event.at,
            who=event.actor.display_name if event.actor is not None else "Nobody signed in",
            action=event.action,
            partnership=names.get(event.partnership_id) if event.partnership_id is not None else None,
            round=round_titles.get(event.round_id) if event.round_id is not None else None,
            detail=_detail(event.detail),
        )
        for event in events
    ]
    chosen_name = names.get(partnership_id) if partnership_id is not None else None
    return render_template("admin/audit.html", form=form, rows=rows, chosen_name=chosen_name, limit=AUDIT_LIMIT)


def _detail(detail: str | None) -> list[tuple[str, str]]:
    """An event's detail as readable pairs; a person is shown by their current
    display name, so an erased person reads "Erased person N"."""
    if not detail:
        return []
    try:
        values = json.loads(detail)
    except ValueError:
        return [("Detail", detail)]
    if not isinstance(values, dict):
        return [("Detail", str(values))]
    pairs = []
    for key, value in values.items():
        if key == "person_id" and isinstance(value, int):
            user = people.get(value)
            pairs.append(("Person", user.display_name if user is not None else f"Person {value}"))
        else:
            pairs.append((key.replace("_", " ").capitalize(), value if isinstance(value, str) else json.dumps(value)))
    return pairs
