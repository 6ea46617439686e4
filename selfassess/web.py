"""Wiring the web app together: extensions, blueprints, security headers,
error pages, static files and the command-line commands."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from pathlib import Path

from flask import Flask, abort, g, jsonify, render_template, request, session
from flask_login import current_user, logout_user
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix
from whitenoise import WhiteNoise

from selfassess import access, caching, routing
from selfassess.config import ConfigError
from selfassess.data import accounts, engine
from selfassess.data.base import db, utcnow
from selfassess.extensions import compress, csrf, limiter, login_manager, migrate

STATIC_DIR = Path(__file__).parent / "static"
YEAR = 365 * 24 * 3600

# No inline script anywhere; plotly.js sets style attributes on the SVG it
# draws, so inline styles are allowed.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX"], x_proto=app.config["PROXY_FIX"])  # type: ignore[method-assign]
    _extensions(app)
    _security_headers(app)
    _static_files(app)
    _templates(app)
    _sessions(app)
    _errors(app)
    app.before_request(access.enforce_declared_rules)
    app.before_request(_refuse_control_characters)
    routing.register(app)  # before the blueprints: ids out of the database's range are not found
    caching.register(app)
    _blueprints(app)

    from selfassess.commands import register_commands

    register_commands(app)
    engine.configure(app)
    if app.config["ENV"] == "production" and engine.holds_demo_data(app):
        engine.close(app)
        raise ConfigError(
            "the database holds demo data (demo accounts share a published password). Use a database without it "
            "in production."
        )


def _extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(accounts.load_from_session)


def _security_headers(app: Flask) -> None:
    Talisman(
        app,
        force_https=False,  # TLS ends at the reverse proxy (docs/deploy.md)
        strict_transport_security=app.config["ENV"] == "production",
        strict_transport_security_max_age=YEAR,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )


def _blueprints(app: Flask) -> None:
    from selfassess.admin.routes import bp as admin_bp
    from selfassess.answering.routes import bp as answering_bp
    from selfassess.auth.routes import bp as auth_bp
    from selfassess.compare.routes import bp as compare_bp
    from selfassess.home.routes import bp as home_bp
    from selfassess.national.routes import bp as national_bp
    from selfassess.plans.routes import bp as plans_bp
    from selfassess.reports.routes import bp as reports_bp
    from selfassess.results.routes import bp as results_bp
    from selfassess.rounds.routes import bp as rounds_bp
    from selfassess.workshop.routes import bp as workshop_bp

    for blueprint in (home_bp, auth_bp, answering_bp, rounds_bp, results_bp, reports_bp, plans_bp, admin_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(workshop_bp)
    app.register_blueprint(national_bp)
    app.register_blueprint(compare_bp)


# Characters that are never part of real text: NUL (PostgreSQL cannot store
# it), the other control characters but tab and line breaks, and Unicode's
# noncharacters. Shown back on a page they would make it invalid HTML.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _refuse_control_characters() -> None:
    """Refuse such a request plainly, before it reaches a form."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            found = _NOT_TEXT.search(key) or _NOT_TEXT.search(value)
            if found:
                what = (
                    "a NUL character"
                    if found.group() == "\x00"
                    else f"a control character (U+{ord(found.group()):04X})"
                )
                abort(400, f"The form contained a character that cannot be stored ({what}). Nothing was saved.")


def _static_files(app: Flask) -> None:
    """Static files through WhiteNoise: precompressed (.br, .gz) copies are
    served to browsers that accept them, and hashed names are cached for a year."""
    manifest_path = STATIC_DIR / "dist" / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    app.extensions["asset_manifest"] = manifest

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(STATIC_DIR),
        prefix="static/",
        max_age=3600,
        immutable_file_test=r"^/static/dist/.+\.[0-9a-f]{12}\.\w+$",
    )

    def asset_url(name: str) -> str:
        hashed = app.extensions["asset_manifest"].get(name)
        if hashed is None:
            raise RuntimeError(
                f"front-end asset {name!r} is not built: run 'make assets' (selfassess/static/dist/manifest.json)"
            )
        return f"/static/dist/{hashed}"

    app.jinja_env.globals["asset_url"] = asset_url


def _templates(app: Flask) -> None:
    from selfassess import presentation
    from selfassess.results import provenance, wording

    presentation.register(app)
    app.jinja_env.globals.update(wording.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(provenance.TEMPLATE_GLOBALS)


def _sessions(app: Flask) -> None:
    """Sign-ins end after a period without activity. The session itself (and
    its CSRF token) lives on, so a page posted after the sign-in ended still
    passes its CSRF check and what was typed can be kept for the person."""

    @app.before_request
    def expire_idle_sign_in() -> None:
        if not session.permanent:  # setting it marks the session changed, to be re-signed and sent again
            session.permanent = True
        if request.endpoint == "static":
            return
        if not current_user.is_authenticated:
            return
        now = utcnow().timestamp()
        last = session.get("last_active", now)
        if now - last > app.config["SESSION_IDLE_MINUTES"] * 60:
            logout_user()
            session["signed_out_idle"] = True
            session.pop("last_active", None)
            return
        # Noted at most once a minute: an unchanged session is not re-signed
        # and re-sent with every response.
        if "last_active" not in session or now - last >= 60:
            session["last_active"] = now


def _errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        if request.headers.get("X-Autosave") == "1":  # the answer pages' script reads JSON
            return jsonify(saved=False, problem="This page is out of date: reload it, then carry on."), 400
        return render_template("errors/csrf.html", reason=error.description), 400

    @app.errorhandler(400)
    def bad_request(error):  # type: ignore[no-untyped-def]
        reason = getattr(error, "description", None)
        if request.headers.get("X-Autosave") == "1":  # the answer pages' script reads JSON
            return jsonify(saved=False, problem=reason), 400
        return render_template("errors/400.html", reason=reason), 400

    @app.errorhandler(403)
    def forbidden(_error):  # type: ignore[no-untyped-def]
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(_error):  # type: ignore[no-untyped-def]
        return render_template("errors/404.html"), 404

    @app.errorhandler(429)
    def too_many(error):  # type: ignore[no-untyped-def]
        return render_template("errors/429.html", limit=getattr(error, "description", "")), 429

    def without_the_database() -> None:
        # Flask-Login's template context looks up the signed-in person, which
        # needs the database: treat the person as signed out for this page.
        g._login_user = login_manager.anonymous_user()
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):  # type: ignore[no-untyped-def]
        app.logger.error("database unavailable: %s", error.orig)
        without_the_database()
        return render_template("errors/503.html"), 503, {"Retry-After": "30"}

    @app.errorhandler(500)
    def server_error(_error):  # type: ignore[no-untyped-def]
        without_the_database()
        return render_template("errors/500.html"), 500

    logging.getLogger("selfassess").setLevel(logging.INFO)
