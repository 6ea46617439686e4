"""The administrator's blueprint: every view in ``admin/routes/`` is on it,
and every one is for administrators only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
