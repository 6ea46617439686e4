"""What the consensus workshop reads: the released evidence notes of the
people who agreed, in the release, to their notes being shown there."""

from __future__ import annotations

from sqlalchemy import select

from selfassess.data.base import db
from selfassess.data.models import Answer, Response


def consented_notes(round_id: int, indicator_id: str) -> list[str]:
    """The evidence notes the round's released results hold for one question,
    from responses whose owner agreed to show them in the workshop: text
    only, no name or response, sorted so that the order says nothing about
    who answered first."""
    rows = db.session.scalars(
        select(Answer.shown_evidence)
        .join(Response)
        .where(
            Response.round_id == round_id,
            Response.shown_perspective.is_not(None),
            # Consent as released, and not withdrawn since (models.Response).
            Response.shown_workshop_consent.is_(True),
            Response.workshop_consent.is_(True),
            Answer.indicator_id == indicator_id,
            Answer.shown_evidence.is_not(None),
            Answer.shown_evidence != "",
        )
    )
    return sorted(note.strip() for note in rows if note.strip())
