"""The workshop's one form: the level the room agreed, and why. It is the
results page's "Agree a level" form, fields and checks alike, so that both
record the same agreed answer."""

from __future__ import annotations

from selfassess.results.forms import RATIONALE_MAX, filled_agree_form

__all__ = ["RATIONALE_MAX", "filled_agree_form"]
