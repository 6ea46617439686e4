"""Administration: partnerships, people and their roles, questionnaire
versions, and the audit log (which can only be read).

Every change is a POST with a CSRF token and ends with a redirect; the
workflows are in ``admin/accounts.py``, ``admin/versions.py`` and
``admin/audit_log.py``. Importing this package registers every page on the
blueprint."""

from selfassess.admin.blueprint import bp
from selfassess.admin.routes import accounts, audit, partnerships, versions

__all__ = ["accounts", "audit", "bp", "partnerships", "versions"]
