"""What the data layer tells its callers when the database refuses a change."""

from __future__ import annotations


class AlreadyExists(Exception):
    """Another row already holds this unique value (perhaps saved a moment
    ago by someone else). The transaction has been rolled back."""
