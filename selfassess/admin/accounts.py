"""The administrator's workflows for partnerships and people: adding and
renaming partnerships, adding accounts, memberships and roles, the adviser
and administrator roles, and erasure. Each change is committed with its
audit event, which keeps no name or email (the log outlives erasure)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from wtforms.fields.choices import SelectChoice

from selfassess import choices, emails
from selfassess.data import accounts, actions, audit, partnerships, responses, versions
from selfassess.data.errors import AlreadyExists
from selfassess.data.models import Account, Action, Membership, Partnership, Role
from selfassess.outcome import Outcome
from selfassess.presentation import plural

EMAIL_TAKEN = "There is already a person with this email address: find them in the list of people"


def tidy(text: str) -> str:
    """A name as typed, with runs of spaces made one."""
    return " ".join(text.split())


# --- partnerships ---------------------------------------------------------------------


def _clash_message(clash: Partnership | None, name: str) -> str:
    existing = clash.name if clash is not None else name
    return f"There is already a partnership called {existing}: enter a different name"


def add_partnership(name: str, admin: Account) -> Outcome:
    """Add a partnership; an "error" outcome's message is the form's error."""
    name = tidy(name)
    clash = partnerships.clashing(name)
    if clash is None:
        try:
            partnership = partnerships.create(name)
        except AlreadyExists:  # added by someone else at the same moment
            clash = partnerships.clashing(name)
        else:
            audit.commit("added partnership", actor=admin, partnership_id=partnership.id, name=name)
            return Outcome(f"Added the partnership {name}.")
    return Outcome(_clash_message(clash, name), "error")


def rename_partnership(partnership: Partnership, name: str, admin: Account) -> Outcome:
    """Rename; "info" when the name is the same, "error" (the form's error) when it is taken."""
    name, old_name = tidy(name), partnership.name
    if name == old_name:
        return Outcome(f"The name is still {name}: nothing changed.", "info")
    clash = partnerships.clashing(name, except_id=partnership.id)
    if clash is None:
        try:
            partnerships.rename(partnership, name)
        except AlreadyExists:  # renamed by someone else at the same moment
            clash = partnerships.clashing(name, except_id=partnership.id)
        else:
            audit.commit(
                "renamed partnership", actor=admin, partnership_id=partnership.id, old_name=old_name, new_name=name
            )
            return Outcome(f"Renamed {old_name} to {name}.")
    return Outcome(_clash_message(clash, name), "error")


# --- accounts ----------------------------------------------------------------------------


def living_account(account_id: int) -> Account:
    """An account that can still be changed ("Page not found" once erased)."""
    account = accounts.get(account_id)
    if account is None or account.erased_at is not None:
        abort(404)
    return account


def membership_of(account: Account, partnership_id: int) -> Membership:
    # Not accounts.membership(): that treats a person without a password as signed out.
    for membership in accounts.memberships(account):
        if membership.partnership_id == partnership_id:
            return membership
    abort(404)


def perspective_choices() -> list[SelectChoice]:
    """The perspectives of the latest questionnaire version (none before one is loaded)."""
    version = versions.latest()
    if version is None:
        return []
    return choices.perspective_choices(versions.questionnaire_for(version))


def add_account(email: str, name: str, admin: Account) -> Account | None:
    """A new account without a password (they set one through "Forgotten your
    password?"); None when the email address has an account already."""
    email = accounts.normalise_email(email)
    if accounts.by_email(email) is not None:
        return None
    try:
        account = accounts.create(email, tidy(name))
    except AlreadyExists:  # added by someone else at the same moment
        return None
    audit.commit("added person", actor=admin, account_id=account.id)
    return account


@dataclass(frozen=True)
class AccountPage:
    account: Account
    memberships: list[Membership]
    perspective_labels: dict[str, str]
    advised: list[Partnership] | None  # None: an adviser for all


def account_page(account_id: int) -> AccountPage:
    account = accounts.get(account_id) or abort(404)
    labels = {choice.value: choice.label for choice in perspective_choices()}
    return AccountPage(account, accounts.memberships(account), labels, advised(account))


def add_membership(account: Account, partnership_id: int, role_name: str, perspective: str, admin: Account) -> Outcome:
    partnership = partnerships.get(partnership_id) or abort(404)
    role = Role(role_name)
    accounts.add_member(account, partnership, perspective, role)
    audit.commit(
        "changed membership",
        actor=admin,
        partnership_id=partnership.id,
        account_id=account.id,
        change="added",
        role=role.value,
        perspective=perspective,
    )
    if role == Role.LEAD:
        emails.made_lead(account, partnership, admin)
    return Outcome(f"Added {account.display_name} to {partnership.name} as a {role.value}.")


def change_membership(membership: Membership, role_name: str, perspective: str, admin: Account) -> Outcome:
    role = Role(role_name)
    if role == membership.role and perspective == membership.perspective:
        return Outcome("Nothing changed.", "info")
    old_role, old_perspective = membership.role, membership.perspective
    accounts.change_membership(membership, role, perspective)
    audit.commit(
        "changed membership",
        actor=admin,
        partnership_id=membership.partnership_id,
        account_id=membership.account_id,
        change="changed",
        role=f"{old_role.value} to {role.value}" if role != old_role else role.value,
        perspective=f"{old_perspective} to {perspective}" if perspective != old_perspective else old_perspective,
    )
    if role == Role.LEAD and old_role != Role.LEAD:
        emails.made_lead(membership.account, membership.partnership, admin)
    return Outcome(f"Changed {membership.account.display_name}'s membership of {membership.partnership.name}.")


def remove_membership(membership: Membership, admin: Account) -> Outcome:
    account, partnership_id, name = membership.account, membership.partnership_id, membership.partnership.name
    accounts.remove_member(membership)
    audit.commit(
        "changed membership", actor=admin, partnership_id=partnership_id, account_id=account.id, change="removed"
    )
    return Outcome(f"Removed {account.display_name} from {name}.")


def advised(account: Account) -> list[Partnership] | None:
    """The partnerships a person advises: None means all of them."""
    if account.adviser_for_all:
        return None
    return partnerships.by_ids({a.partnership_id for a in account.adviser_assignments})


def adviser_summary(account: Account) -> str:
    found = advised(account)
    if found is None:
        return "adviser for all partnerships"
    if not found:
        return "not an adviser"
    return "adviser for " + ", ".join(p.name for p in found)


def set_adviser(account: Account, for_all: bool, partnership_ids: set[int], admin: Account) -> Outcome:
    before = adviser_summary(account)
    accounts.set_adviser(account, for_all, partnership_ids)
    after = adviser_summary(account)
    if after == before:
        return Outcome("Nothing changed.", "info")
    audit.commit("changed roles", actor=admin, account_id=account.id, adviser=after)
    return Outcome(f"Changed {account.display_name}'s adviser role: {after}.")


def set_administrator(account: Account, make_admin: bool, admin: Account) -> Outcome:
    if not make_admin and account.id == admin.id:
        return Outcome(
            "You cannot remove your own administrator role, so that there is always at least one administrator. "
            "Ask another administrator to remove it.",
            "error",
        )
    if make_admin != account.is_admin:
        accounts.set_admin(account, make_admin)
        audit.commit("changed roles", actor=admin, account_id=account.id, administrator="yes" if make_admin else "no")
    message = "is now an administrator" if make_admin else "is no longer an administrator"
    return Outcome(f"{account.display_name} {message}.")


def owned_actions(account: Account) -> list[Action]:
    """The actions of any partnership's plan whose owner is this person, as
    a lead typed it: their name or their whole email address (both leave with
    the erasure). Not the email's local part alone: it is often a role
    ("fife.lead") or initials, which would catch other people's actions."""
    found = actions.owned_by_name([account.name or "", account.email or ""])
    return sorted(found, key=lambda a: (a.round.partnership.name, a.round.opens_on, a.round_id, a.position))


NO_OWNER_CHOICE = "Say what happens to every action they own before erasing them"


def erase(
    account: Account,
    admin: Account,
    *,
    remove_answers: bool = False,
    new_owners: dict[int, str | None] | None = None,
) -> Outcome:
    """Erase a person's name and email; with ``remove_answers``, also their
    answers, which then leave the results of every round they were in (each
    round's change is in the audit log). Every action they own gets its new
    owner from ``new_owners`` (None: no owner), in the same transaction; an
    action left out refuses the whole erasure ("error", nothing changed)."""
    owned = owned_actions(account)
    new_owners = new_owners or {}
    if any(action.id not in new_owners for action in owned):
        return Outcome(NO_OWNER_CHOICE, "error")
    for action in owned:
        actions.update(action, owner=new_owners[action.id] or None)
        audit.record_round(
            "changed action owner",
            action.round,
            admin,
            action_id=action.id,
            owner="reassigned" if action.owner else "cleared",
            because="erased person",
            account_id=account.id,
        )
    changed = responses.erase_answers(account) if remove_answers else []
    for round_ in changed:
        audit.record_round("erased answers", round_, admin, account_id=account.id)
    accounts.erase(account)
    audit.commit("erased person", actor=admin, account_id=account.id, answers="removed" if remove_answers else "kept")
    owners = f" {_owners_changed(owned)}" if owned else ""
    if remove_answers:
        return Outcome(
            f"Erased the person's name, email address and answers. They now show as {account.display_name} "
            f"and can no longer sign in. The results of {plural(len(changed), 'round')} changed.{owners}"
        )
    return Outcome(
        f"Erased the person's name and email address. They now show as {account.display_name} "
        f"and can no longer sign in. Their submitted answers still count in results.{owners}"
    )


def _owners_changed(owned: list[Action]) -> str:
    given = sum(1 for action in owned if action.owner)
    cleared = len(owned) - given
    parts = [f"{plural(given, 'action')} {'has' if given == 1 else 'have'} a new owner"] if given else []
    parts += [f"{plural(cleared, 'action')} {'has' if cleared == 1 else 'have'} no owner now"] if cleared else []
    return " and ".join(parts) + "."
