"""The administrator's partnerships page (each partnership's leads and
latest round, in a few queries however many partnerships there are), and
making someone a partnership's lead from there: a new person or one with an
account already, through the same workflows as the people pages
(``admin/accounts.py``), so the new lead gets the same email."""

from __future__ import annotations

from dataclasses import dataclass

from selfassess.admin import accounts as people
from selfassess.data import accounts, partnerships, rounds
from selfassess.data.models import Account, Partnership, Role, Round
from selfassess.outcome import Outcome


@dataclass(frozen=True)
class PartnershipRow:
    partnership: Partnership
    leads: list[Account]
    latest: Round | None  # the latest round, open or closed
    round_count: int


def partnership_rows() -> list[PartnershipRow]:
    every = partnerships.all_partnerships()
    leads = accounts.leads_by_partnership()
    latest = rounds.latest_for_partnerships([p.id for p in every])
    counts = rounds.counts_by_partnership()
    return [PartnershipRow(p, leads.get(p.id, []), latest.get(p.id), counts.get(p.id, 0)) for p in every]


NAME_NEEDED = "Enter the person's full name: there is no one with this email address yet"


def make_lead(partnership: Partnership, email: str, name: str | None, perspective: str, admin: Account) -> Outcome:
    """Make the person with this email address a lead of the partnership,
    adding them first when nobody has the address ("error" when a new
    person has no name: the form's error). A member keeps their perspective;
    someone new to the partnership joins with ``perspective``. The new lead
    is emailed, with a link to set a password when they have none."""
    account = accounts.by_email(email)
    if account is None:
        if not name:
            return Outcome(NAME_NEEDED, "error")
        account = people.add_account(email, name, admin)
        if account is None:  # added by someone else at the same moment
            return Outcome(people.EMAIL_TAKEN, "error")
    membership = next((m for m in accounts.memberships(account) if m.partnership_id == partnership.id), None)
    if membership is None:
        return people.add_membership(account, partnership.id, Role.LEAD.value, perspective, admin)
    if membership.role == Role.LEAD:
        return Outcome(f"{account.display_name} is already a lead of {partnership.name}: nothing changed.", "info")
    people.change_membership(membership, Role.LEAD.value, membership.perspective, admin)
    return Outcome(f"{account.display_name} is now a lead of {partnership.name}.")
