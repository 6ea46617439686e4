"""What a service tells the page that follows: a message and its kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The message to show after an action: "success" when something
    changed, "info" when nothing did and the message says why."""

    message: str
    category: str = "success"

    @property
    def changed(self) -> bool:
        return self.category == "success"
