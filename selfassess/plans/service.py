"""Action plans: the workflows behind ``plans/routes.py``, and the plan
as other pages show it."""

from __future__ import annotations

from selfassess.data import actions
from selfassess.data.models import Action, Round


def plan_for(round_: Round) -> list[Action]:
    return actions.for_round(round_.id)
