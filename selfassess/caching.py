"""What browsers and proxies may keep. Every response the app makes says
``Cache-Control: no-store``: its pages show personal or partnership data
(answers, results, people), or at least carry a CSRF token, and the rule is
simplest sound when it has no exceptions to get wrong. Static files (CSS,
scripts, images), the same for everyone, are served by WhiteNoise before a
request reaches the app, and stay cacheable (``web._static_files``)."""

from __future__ import annotations

from flask import Flask, Response, request


def _no_store(response: Response) -> Response:
    if request.endpoint != "static":  # Flask's own static route, should WhiteNoise miss a file
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.after_request(_no_store)
