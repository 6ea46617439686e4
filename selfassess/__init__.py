"""selfassess: co-production self-assessment for Scotland's Health and Social Care Partnerships."""

from __future__ import annotations

import sys

from flask import Flask

from selfassess.config import ConfigError, configure


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (``flask --app selfassess``, ``selfassess`` and
    gunicorn's ``"selfassess:create_app()"`` find it). A setting that makes
    it unsafe to start stops start-up with one clear line, no traceback."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    try:
        configure(app, test_config)
        from selfassess import web

        web.init_app(app)
    except ConfigError as error:
        print(f"selfassess cannot start: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    return app
