"""Flask extensions, created once and bound to the app in ``create_app``."""

from __future__ import annotations

from flask import request
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from selfassess.data.base import db


def remote_address() -> str:
    # Behind a proxy, ProxyFix (enabled by configuration) has already put the
    # client's address in remote_addr.
    return request.remote_addr or "unknown"


class _CSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF protection, refusing (400) rather than crashing on a
    multipart part without a name, which Flask-WTF 1.3 does not expect."""

    def _get_csrf_token(self):  # type: ignore[no-untyped-def]
        if any(key is None for key in request.form):
            return None
        return super()._get_csrf_token()


migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = _CSRFProtect()
limiter = Limiter(key_func=remote_address, default_limits=[], headers_enabled=False)
compress = Compress()

__all__ = ["compress", "csrf", "db", "limiter", "login_manager", "migrate"]
