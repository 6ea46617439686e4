"""selfassess: co-production self-assessment for Scotland's Health and Social Care Partnerships."""

from __future__ import annotations

from flask import Flask

from selfassess.config import configure


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (``flask --app selfassess`` and ``selfassess`` find it)."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    configure(app, test_config)

    from selfassess import web

    web.init_app(app)
    return app
